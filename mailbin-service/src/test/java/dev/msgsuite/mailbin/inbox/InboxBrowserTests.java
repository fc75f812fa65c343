package dev.msgsuite.mailbin.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.mailbin.MailbinContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;

/**
 * The inbox page in a real headless Chromium (Debian package {@code chromium}): a submission
 * posted through the form endpoint shows up, markup in it is shown as text and never runs, and
 * one posted while the page is open appears without a reload.
 */
class InboxBrowserTests extends MailbinContext {

    // if either payload ran, it would mark the document; as text it only shows these characters
    private static final String SCRIPT = "<script>document.documentElement.dataset.pwned='script'</script>";

    private static final String IMG = "<img src=x onerror=\"document.documentElement.dataset.pwned='img'\">";

    @Autowired
    private LiveSubmissions live;

    @Value("${local.server.port}")
    private int port;

    @TempDir
    private Path profile;

    @Test
    void postedSubmissionAppearsWithScriptPayloadShownAsTextNotRun() throws Exception {
        String form = uniqueForm("xss");
        Map<String, Object> accepted = this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", newClientAddress())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("name=Mallory&message=" + java.net.URLEncoder.encode(SCRIPT, StandardCharsets.UTF_8)
                        + "&html=" + java.net.URLEncoder.encode(IMG, StandardCharsets.UTF_8))
                .exchange().expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        UUID id = UUID.fromString((String) accepted.get("id"));
        awaitStored(id);

        String dom = dumpDom("http://localhost:" + this.port + "/?live=off&form=" + form + "&id=" + id);

        assertThat(dom).contains("data-loaded=\"true\"");
        assertThat(dom).contains("<tr data-id=\"" + id + "\"");
        assertThat(dom).as("the form in the list with its count")
                .containsPattern("<li data-form=\"" + form + "\"[^>]*><span>" + form + "</span><span class=\"count\">1</span></li>");
        assertThat(dom).as("the detail pane shown").contains("<section id=\"detail-pane\">")
                .contains("<td>name</td><td>Mallory</td>");
        assertThat(dom).contains("&lt;script&gt;document.documentElement.dataset.pwned='script'&lt;/script&gt;");
        assertThat(dom).contains("&lt;img src=x onerror=\"document.documentElement.dataset.pwned='img'\"&gt;");
        assertThat(dom).doesNotContain("data-pwned");
        assertThat(dom).doesNotContain("<img src=\"x\"");
    }

    @Test
    void aSubmissionPostedWhileThePageIsOpenAppearsWithoutReload() throws Exception {
        String form = uniqueForm("arrival");
        UUID before = postJson(form, "{\"message\": \"before the page\"}");
        awaitStored(before);
        int subscribers = this.live.subscribers();

        try (HeadlessChromium chromium = HeadlessChromium.start(this.profile.resolve("live"))) {
            chromium.open("http://localhost:" + this.port + "/?form=" + form);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> this.live.subscribers() > subscribers
                    && "true".equals(chromium.evaluate("document.body.dataset.loaded || ''")));
            UUID arrived = postJson(form, "{\"message\": \"arrived <b>live</b>\"}");

            String rows = "[...document.querySelectorAll('#submissions tr')].map(r => r.dataset.id + ' ' + r.textContent).join('\\n')";
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(chromium.evaluate(rows))
                    .contains(arrived + " ").contains("message: arrived <b>live</b>").contains(before + " "));
            assertThat(chromium.evaluate("document.getElementById('live-status').textContent")).isEqualTo("live");
        }
    }

    private String dumpDom(String url) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(HeadlessChromium.executable(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + this.profile, "--virtual-time-budget=10000", "--dump-dom", url));
        Path out = this.profile.resolve("dom.html");
        Process chromium = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(this.profile.resolve("chromium.log").toFile()).start();
        boolean exited = chromium.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            chromium.destroyForcibly();
        }
        assertThat(exited).as("chromium finished").isTrue();
        assertThat(chromium.exitValue()).as("chromium exit code, log: %s",
                Files.readString(this.profile.resolve("chromium.log"))).isZero();
        return Files.readString(out);
    }
}
