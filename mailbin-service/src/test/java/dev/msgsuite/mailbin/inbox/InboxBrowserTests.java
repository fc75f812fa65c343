package dev.msgsuite.mailbin.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.msgsuite.mailbin.MailbinContext;
import dev.msgsuite.testsupport.HeadlessChromium;
import dev.msgsuite.testsupport.TestCredentials.Role;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The inbox page in a real headless Chromium (Debian package {@code chromium}): reached through
 * the login form, a submission posted through the form endpoint shows up, markup in it is shown
 * as text and never runs, one posted while the page is open appears without a reload, only an
 * admin's Delete works, no other site can show the inbox in a frame, and Swagger UI works
 * under its Content-Security-Policy.
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

    private HeadlessChromium chromium;

    @BeforeEach
    void startChromium() throws Exception {
        this.chromium = HeadlessChromium.start(this.profile.resolve("chromium"));
    }

    @AfterEach
    void stopChromium() throws InterruptedException {
        this.chromium.close();
    }

    @Test
    void aVisitorLogsInThroughTheFormAndSeesTheSubmissionWithScriptPayloadShownAsTextNotRun() throws Exception {
        String form = uniqueForm("xss");
        Map<String, Object> accepted = this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", newClientAddress())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("name=Mallory&message=" + URLEncoder.encode(SCRIPT, StandardCharsets.UTF_8)
                        + "&html=" + URLEncoder.encode(IMG, StandardCharsets.UTF_8))
                .exchange().expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        UUID id = UUID.fromString((String) accepted.get("id"));
        awaitStored(id);

        this.chromium.open(inbox() + "/?live=off&form=" + form + "&id=" + id);
        this.chromium.logIn(Role.VIEWER);
        this.chromium.awaitTrue("location.search.includes('" + id + "') && document.body.dataset.loaded === 'true'");
        String dom = this.chromium.evaluate("document.documentElement.outerHTML");

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

        this.chromium.open(inbox() + "/?form=" + form);
        this.chromium.logIn(Role.VIEWER);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> this.live.subscribers() > subscribers
                && "true".equals(this.chromium.evaluate("document.body.dataset.loaded || ''")));
        UUID arrived = postJson(form, "{\"message\": \"arrived <b>live</b>\"}");

        String rows = "[...document.querySelectorAll('#submissions tr')].map(r => r.dataset.id + ' ' + r.textContent).join('\\n')";
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.chromium.evaluate(rows))
                .contains(arrived + " ").contains("message: arrived <b>live</b>").contains(before + " "));
        assertThat(this.chromium.evaluate("document.getElementById('live-status').textContent")).isEqualTo("live");
    }

    @Test
    void aViewerIsToldDeletingIsNotTheirsWhileAnAdminsDeleteRemovesTheSubmission() throws Exception {
        String form = uniqueForm("delete");
        UUID id = postJson(form, "{\"message\": \"delete me\"}");
        awaitStored(id);
        String detail = inbox() + "/?live=off&form=" + form + "&id=" + id;

        this.chromium.open(detail);
        this.chromium.logIn(Role.VIEWER);
        this.chromium.awaitTrue("document.body.dataset.loaded === 'true' && !document.getElementById('detail-pane').hidden");
        this.chromium.evaluate("document.getElementById('delete').click()");
        this.chromium.awaitTrue("!document.getElementById('delete-refused').hidden");
        as(Role.VIEWER).get().uri("/api/submissions/{id}", id).exchange().expectStatus().isOk();

        this.chromium.evaluate("document.getElementById('logout').requestSubmit()");
        this.chromium.awaitTrue("location.pathname === '/login' && location.search === '?logout'");
        this.chromium.open(detail);
        this.chromium.logIn(Role.ADMIN);
        this.chromium.awaitTrue("document.body.dataset.loaded === 'true' && !document.getElementById('detail-pane').hidden");
        this.chromium.evaluate("document.getElementById('delete').click()");
        this.chromium.awaitTrue("document.getElementById('detail-pane').hidden && document.querySelectorAll('#submissions tr').length === 0");

        as(Role.VIEWER).get().uri("/api/submissions/{id}", id).exchange().expectStatus().isNotFound();
    }

    @Test
    void anotherSiteCannotShowTheInboxInAFrame() throws Exception {
        as(Role.VIEWER).get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().valueMatches("Content-Security-Policy", ".*frame-ancestors 'none'.*")
                .expectHeader().valueEquals("X-Frame-Options", "DENY");
        // another origin of the same site, so the browser sends the session cookie along: what the
        // frame would show is the inbox itself
        HttpServer otherSite = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        byte[] framing = ("<!doctype html><title>other site</title><iframe src=\"" + inbox() + "/?live=off\" "
                + "onload=\"document.title = 'frame loaded'\"></iframe>").getBytes(StandardCharsets.UTF_8);
        otherSite.createContext("/", exchange -> {
            exchange.getResponseHeaders().set(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, framing.length);
            exchange.getResponseBody().write(framing);
            exchange.close();
        });
        otherSite.start();
        try {
            this.chromium.open(inbox() + "/?live=off");
            this.chromium.logIn(Role.VIEWER);
            this.chromium.awaitTrue("document.body.dataset.loaded === 'true'");

            this.chromium.open("http://localhost:" + otherSite.getAddress().getPort() + "/");
            this.chromium.awaitTrue("document.title === 'frame loaded'");

            assertThat(this.chromium.frames()).singleElement().asString().as("what the frame shows")
                    .startsWith("chrome-error://").doesNotContain("mailbin").doesNotContain("Forms");
        }
        finally {
            otherSite.stop(0);
        }
    }

    @Test
    void swaggerUiLoadsUnderItsContentSecurityPolicyAfterLoggingIn() throws Exception {
        this.chromium.open(inbox() + "/swagger-ui.html");
        this.chromium.logIn(Role.VIEWER);

        this.chromium.awaitTrue("document.querySelectorAll('.opblock').length > 0");
        assertThat(this.chromium.evaluate("location.pathname")).isEqualTo("/swagger-ui/index.html");
        assertThat(this.chromium.evaluate("getComputedStyle(document.querySelector('.opblock')).borderStyle"))
                .as("styled by swagger-ui.css").isEqualTo("solid");
    }

    private String inbox() {
        return "http://localhost:" + this.port;
    }
}
