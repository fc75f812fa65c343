package dev.msgsuite.systemtests.compute;

import static dev.msgsuite.systemtests.compute.PipelineHarness.http;
import static dev.msgsuite.systemtests.compute.PipelineHarness.port;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.testsupport.HeadlessChromium;
import dev.msgsuite.testsupport.TestCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compute console in a real headless Chromium (Debian package {@code chromium}) over
 * saver-service and two compute nodes: an election created through the form (its problems
 * shown first, markup in its name shown as text), a generated job started from the page whose
 * progress reaches 100% (pushed by {@code /api/jobs/events}, the page does not poll jobs while
 * the stream is open) and whose charts are drawn with data, and a second job cancelled with
 * its button. Leaves a screenshot in {@code target/console.png} (docs/console.png is one).
 */
class ConsoleBrowserTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // if this ran, it would mark the document; shown as text it is only characters
    private static final String MARKUP = "<img src=x onerror=\"document.documentElement.dataset.pwned='img'\">";

    @TempDir
    Path profile;

    private PipelineHarness harness;

    private HeadlessChromium chromium;

    @BeforeEach
    void start() throws Exception {
        this.harness = new PipelineHarness();
        this.chromium = HeadlessChromium.start(this.profile.resolve("chromium"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (this.chromium != null) {
            this.chromium.close();
        }
        this.harness.close();
    }

    @Test
    void anOperatorCreatesAnElectionStartsAJobWatchesItCompleteWithChartsAndCancelsAnother() throws Exception {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        ConfigurableApplicationContext nodeA = this.harness.startNode("node-a", port(saver));
        ConfigurableApplicationContext nodeB = this.harness.startNode("node-b", port(saver));
        RestClient http = http(saver);
        this.chromium.sendHeaders(Map.of("Authorization", TestCredentials.Role.OPERATOR.basic()));
        this.chromium.open("http://localhost:" + port(saver) + "/");
        this.chromium.awaitTrue("document.body.dataset.loaded === 'true'");
        this.chromium.awaitTrue("document.querySelectorAll('#nodes tbody tr').length === 2");
        this.chromium.awaitTrue("document.body.dataset.live === 'true'");

        // a position out of range: the API's problems are shown under the form
        fillElection("browser-2026", "Browser " + MARKUP, "s1 | Raise the minimum wage | 2\ns2 | More nuclear plants\ns3 | Free public transport | 3",
                "red | Red | 2, -1, 2\nblue | Blue " + MARKUP + " | -2, 2, 7\ngreen | Green | 1, -2, 2");
        this.chromium.awaitTrue("document.getElementById('election-problems').textContent.includes('-2..2')");
        fillElection("browser-2026", "Browser " + MARKUP, "s1 | Raise the minimum wage | 2\ns2 | More nuclear plants\ns3 | Free public transport | 3",
                "red | Red | 2, -1, 2\nblue | Blue " + MARKUP + " | -2, 2, 1\ngreen | Green | 1, -2, 2");
        this.chromium.awaitTrue("document.querySelector('#elections li[data-election=\"browser-2026\"]') !== null");
        this.chromium.awaitTrue("document.getElementById('election-title').textContent.includes('onerror')");
        assertThat(this.chromium.evaluate("document.getElementById('election-problems').textContent")).isEmpty();

        startJob("browser-2026", 20_000, 100);
        this.chromium.awaitTrue("document.getElementById('job-section').dataset.state === 'complete'");
        String first = this.chromium.evaluate("document.getElementById('job-section').dataset.job");
        this.chromium.awaitTrue("document.querySelector('#jobs tr[data-job=\"" + first + "\"]').dataset.progress === '1'");
        this.chromium.awaitTrue("document.querySelector('#jobs tr[data-job=\"" + first + "\"] .percent').textContent.trim() === '100%'");
        // the charts drawn with the finished summary: every answer set has a first place and a bucket
        this.chromium.awaitTrue("Chart.getChart('first-chart').data.datasets[0].data.reduce((a, b) => a + b, 0) > 99");
        this.chromium.awaitTrue("Chart.getChart('histogram-chart').data.datasets.length === 3 && Chart.getChart('histogram-chart')"
                + ".data.datasets.every(d => d.data.reduce((a, b) => a + b, 0) === 20000)");
        assertThat(this.chromium.evaluate("String(document.getElementById('first-chart').width > 0)")).isEqualTo("true");
        assertThat(this.chromium.evaluate("Chart.getChart('first-chart').data.labels.join('|')"))
                .isEqualTo("Red|Blue " + MARKUP + "|Green");
        assertThat(this.chromium.evaluate("document.getElementById('job-csv').getAttribute('href')"))
                .isEqualTo("/api/jobs/" + first + "/results.csv");
        // the stream, not the fallback poll, brought the job to its end
        assertThat(this.chromium.evaluate("String(document.body.dataset.live)")).isEqualTo("true");
        Path screenshot = Path.of("target", "console.png");
        Files.write(screenshot, this.chromium.screenshot(1280, 1500));
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);

        // the second job waits in the queue (the nodes take no batches) until it is cancelled from the page
        List<ConfigurableApplicationContext> nodes = List.of(nodeA, nodeB);
        nodes.forEach(node -> node.getBean(RabbitListenerEndpointRegistry.class).getListenerContainer("jobs").stop());
        startJob("browser-2026", 5_000, 100);
        this.chromium.awaitTrue("document.getElementById('job-section').dataset.job !== '" + first + "'");
        String second = this.chromium.evaluate("document.getElementById('job-section').dataset.job");
        this.chromium.awaitTrue("document.querySelector('#jobs tr[data-job=\"" + second + "\"] button.cancel') !== null");
        this.chromium.evaluate("document.querySelector('#jobs tr[data-job=\"" + second + "\"] button.cancel').click()");
        this.chromium.awaitTrue("document.querySelector('#jobs tr[data-job=\"" + second + "\"]').dataset.state === 'cancelled'");
        nodes.forEach(node -> node.getBean(RabbitListenerEndpointRegistry.class).getListenerContainer("jobs").start());
        this.chromium.awaitTrue("document.querySelector('#jobs tr[data-job=\"" + second + "\"]').dataset.progress === '1'");
        this.chromium.awaitTrue("document.querySelector('#jobs tr[data-job=\"" + second + "\"] button.cancel') === null");
        JsonNode status = http.get().uri("/api/jobs/{id}", second).retrieve().body(JsonNode.class);
        assertThat(status.get("cancelled").asLong()).isEqualTo(5_000);
        assertThat(status.get("done").asLong()).isZero();

        assertThat(this.chromium.evaluate("String(document.documentElement.dataset.pwned)")).isEqualTo("undefined");
        assertThat(this.chromium.evaluate("String(document.querySelectorAll('img').length)")).isEqualTo("0");
    }

    private void fillElection(String id, String name, String statements, String parties) throws Exception {
        this.chromium.evaluate("(() => { const form = document.getElementById('election-form'); form.elements.id.value = "
                + JSON.writeValueAsString(id) + "; form.elements.name.value = " + JSON.writeValueAsString(name)
                + "; form.elements.statements.value = " + JSON.writeValueAsString(statements) + "; form.elements.parties.value = "
                + JSON.writeValueAsString(parties) + "; form.requestSubmit(); return 'sent'; })()");
    }

    private void startJob(String electionId, int generate, int batchSize) throws Exception {
        this.chromium.awaitTrue("[...document.querySelectorAll('#job-form select option')].some(o => o.value === '" + electionId + "')");
        this.chromium.evaluate("(() => { const form = document.getElementById('job-form'); form.elements.electionId.value = '"
                + electionId + "'; form.elements.generate.value = '" + generate + "'; form.elements.batchSize.value = '" + batchSize
                + "'; form.requestSubmit(); return 'sent'; })()");
    }
}
