package dev.msgsuite.bus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.bus.websocket.TestClient;
import dev.msgsuite.testsupport.HeadlessChromium;
import dev.msgsuite.testsupport.TestCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The status page in a real headless Chromium, logged in as a viewer: live tables and live packets (through skillbus.js), client-chosen names and packets shown as text. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class StatusPageBrowserTests {

    private static final String CHROMIUM = "/usr/bin/chromium";

    private static final TestCredentials.Role VIEWER = TestCredentials.Role.VIEWER;

    @LocalServerPort
    int port;

    @Test
    void showsClientsAndSkillsWithMarkupInNamesAsText() throws Exception {
        try (TestClient subscriber = TestClient.v2(this.port)) {
            subscriber.text("{\"op\": \"hello\", \"session\": \"status-page-watcher\"}")
                    .text("{\"op\": \"register\", \"skill\": \"status.<b>bold</b>\"}");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(subscriber.controls()).hasSize(2));
            try (TestClient publisher = TestClient.v1(this.port)) {
                publisher.publish("status.plain", "p1");

                String dom = await().atMost(Duration.ofSeconds(60)).until(this::renderedStatusPage,
                        page -> page.contains("status.plain") && page.contains("status-page-watcher"));

                assertThat(dom).contains("<td>status.&lt;b&gt;bold&lt;/b&gt;</td>").doesNotContain("<b>bold</b>")
                        .contains("<td>v2</td>").contains("<span id=\"state\">Last update");
            }
        }
    }

    @Test
    void livePacketsAreWatchedThroughSkillbusJsAndShownAsText() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.start(Files.createTempDirectory("chromium-profile"));
                TestClient publisher = TestClient.v1(this.port)) {
            chromium.open("http://" + VIEWER.user() + ":" + VIEWER.password() + "@localhost:" + this.port + "/status.html");
            chromium.awaitTrue("document.readyState === 'complete' && !!document.getElementById('live-watch')", Duration.ofSeconds(30));
            chromium.evaluate("document.forms.live.elements.pattern.value = 'live.#'; document.getElementById('live-watch').click(); 'clicked'");
            chromium.awaitTrue("document.getElementById('live-state').textContent === 'Watching live.#.'", Duration.ofSeconds(30));

            publisher.publish("live.kitchen", "<img src=x onerror=alert(1)>");

            chromium.awaitTrue("document.querySelectorAll('#packets tr').length === 1", Duration.ofSeconds(30));
            assertThat(chromium.evaluate("document.querySelector('#packets tr td:nth-child(2)').textContent")).isEqualTo("live.kitchen");
            assertThat(chromium.evaluate("document.querySelector('#packets td.payload').textContent"))
                    .isEqualTo("{\"skill\":\"live.kitchen\",\"payload\":\"<img src=x onerror=alert(1)>\"}");
            assertThat(chromium.evaluate("String(document.querySelectorAll('#packets img').length)")).isEqualTo("0");
        }
    }

    private String renderedStatusPage() throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        Process chromium = new ProcessBuilder(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom",
                // credentials in the URL: Chromium answers the page's Basic challenge with them, and the page's fetches reuse them
                "http://" + VIEWER.user() + ":" + VIEWER.password() + "@localhost:" + this.port + "/status.html").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] dom = chromium.getInputStream().readAllBytes();
        assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(chromium.exitValue()).as("chromium exit code").isZero();
        return new String(dom, StandardCharsets.UTF_8);
    }
}
