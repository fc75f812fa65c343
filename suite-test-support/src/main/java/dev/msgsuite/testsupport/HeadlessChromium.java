package dev.msgsuite.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A headless Chromium (Debian package {@code chromium}) that keeps a page open and is driven over
 * the DevTools protocol, for the services' browser tests: logging in through a form or with
 * headers, a page that changes while it stays open, what a frame shows, a screenshot.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;

    private final WebSocket devTools;

    private final AtomicInteger ids = new AtomicInteger();

    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, WebSocket devTools) {
        this.process = process;
        this.devTools = devTools;
    }

    /**
     * Starts Chromium with its own profile directory (removed by the caller after {@link #close()}).
     */
    public static HeadlessChromium start(Path profile) throws Exception {
        Process process = new ProcessBuilder(executable(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile()).start();
        try {
            // Chromium writes the port it chose into the profile once DevTools listens
            Path portFile = profile.resolve("DevToolsActivePort");
            // not Awaitility's default of failing on any thread's uncaught exception: a context a previous test closed may
            // still be finishing on its own threads (Spring AMQP's deferred channel close after its executor stopped)
            Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.isRegularFile(portFile) && Files.readAllLines(portFile).size() >= 2);
            int port = Integer.parseInt(Files.readAllLines(portFile).getFirst().trim());
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String page = null;
            for (JsonNode target : targets) {
                if ("page".equals(target.path("type").asString())) {
                    page = target.path("webSocketDebuggerUrl").asString();
                }
            }
            if (page == null) {
                throw new IllegalStateException("Chromium shows no page target: " + targets);
            }
            Listener listener = new Listener();
            HeadlessChromium chromium = new HeadlessChromium(process, http.newWebSocketBuilder().buildAsync(URI.create(page), listener)
                    .get(30, TimeUnit.SECONDS));
            listener.chromium = chromium;
            return chromium;
        }
        catch (Exception ex) {
            process.destroyForcibly();
            throw ex;
        }
    }

    public void open(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /**
     * Logs in through the login form shown at {@code /login} (a form with id {@code login} and
     * fields {@code username} and {@code password}), as a person would, and waits for the page it
     * leads to.
     */
    public void logIn(TestCredentials.Role role) throws Exception {
        awaitTrue("location.pathname === '/login' && document.readyState === 'complete'");
        evaluate("(() => { const form = document.getElementById('login'); form.elements.username.value = " + JSON.writeValueAsString(role.user())
                + "; form.elements.password.value = " + JSON.writeValueAsString(role.password()) + "; form.requestSubmit(); return 'sent'; })()");
        awaitTrue("location.pathname !== '/login' && document.readyState === 'complete'");
    }

    /**
     * Sends these headers with every request of the page, e.g. the Basic credentials a person
     * types into the browser's prompt.
     */
    public void sendHeaders(Map<String, String> headers) throws Exception {
        call("Network.enable", Map.of());
        call("Network.setExtraHTTPHeaders", Map.of("headers", headers));
    }

    /** A PNG of the page as a window of this size shows it, whole. */
    public byte[] screenshot(int width, int height) throws Exception {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        String data = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true))
                .path("result").path("data").asString();
        return java.util.Base64.getDecoder().decode(data);
    }

    /** Waits up to 30 seconds until a JavaScript expression is true in the page. */
    public void awaitTrue(String expression) {
        awaitTrue(expression, Duration.ofSeconds(30));
    }

    /** Waits until a JavaScript expression is true in the page (evaluations during a navigation are retried). */
    public void awaitTrue(String expression, Duration atMost) {
        Awaitility.await().atMost(atMost).ignoreExceptions().until(() -> "true".equals(evaluate("String(" + expression + ")")));
    }

    /**
     * What each frame of the page shows, as {@code location | text}, read in a world of the
     * test's own inside the frame (a frame of another origin keeps its document from the page).
     * Frames of another site run in processes of their own and are not listed.
     */
    public List<String> frames() throws Exception {
        List<String> frames = new ArrayList<>();
        for (JsonNode child : call("Page.getFrameTree", Map.of()).path("result").path("frameTree").path("childFrames")) {
            int world = call("Page.createIsolatedWorld", Map.of("frameId", child.path("frame").path("id").asString()))
                    .path("result").path("executionContextId").asInt();
            frames.add(call("Runtime.evaluate", Map.of("contextId", world, "expression", "location.href + ' | ' + document.body.innerText",
                    "returnByValue", true)).path("result").path("result").path("value").asString());
        }
        return frames;
    }

    /** Evaluates a JavaScript expression in the page and returns its value as text. */
    public String evaluate(String expression) throws Exception {
        JsonNode reply = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        return reply.path("result").path("result").path("value").asString();
    }

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = this.ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        this.replies.put(id, reply);
        this.devTools.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(10, TimeUnit.SECONDS);
        JsonNode answer = reply.get(30, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer;
    }

    @Override
    public void close() throws InterruptedException {
        this.devTools.abort();
        // Chromium's helper processes (zygote, renderers, crash handler) outlive the main one and
        // keep writing to the profile: all of them end before the profile directory is removed
        List<ProcessHandle> all = new java.util.ArrayList<>(this.process.descendants().toList());
        all.add(this.process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            }
            catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
                handle.destroyForcibly();
                handle.onExit().join();
            }
        }
    }

    /** The Chromium executable of this machine. */
    public static String executable() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No Chromium found: install the Debian package 'chromium' (apt-get install -y chromium)");
    }

    private static final class Listener implements WebSocket.Listener {

        private final StringBuilder message = new StringBuilder();

        private volatile HeadlessChromium chromium;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            this.message.append(data);
            if (last) {
                JsonNode node = JSON.readTree(this.message.toString());
                this.message.setLength(0);
                HeadlessChromium owner = this.chromium;
                if (node.has("id") && owner != null) {
                    CompletableFuture<JsonNode> reply = owner.replies.remove(node.get("id").asInt());
                    if (reply != null) {
                        reply.complete(node);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
