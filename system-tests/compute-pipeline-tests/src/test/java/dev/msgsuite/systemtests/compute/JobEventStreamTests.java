package dev.msgsuite.systemtests.compute;

import static dev.msgsuite.systemtests.compute.PipelineHarness.http;
import static dev.msgsuite.systemtests.compute.PipelineHarness.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.testsupport.TestCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/jobs/events} over real HTTP, as a browser's EventSource reads it, while real
 * nodes compute a job: progress while it runs, one completion with the final counts, a job
 * filter, and a cap on open streams.
 */
class JobEventStreamTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final int TOTAL = 20_000;

    private PipelineHarness harness;

    private HttpClient client;

    @BeforeEach
    void start() {
        this.harness = new PipelineHarness();
        this.client = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        this.client.shutdownNow();
        this.harness.close();
    }

    @Test
    void aViewerSeesProgressWhileTheJobRunsAndExactlyOneCompletionWithEveryAnswerSetDone() throws Exception {
        ConfigurableApplicationContext saver = this.harness.startSaver(Map.of("saver.progress-interval", "100ms"));
        RestClient http = http(saver);
        PipelineReliabilityTests.upload(http, PipelineReliabilityTests.election("nl-2026", 30, 8));
        Stream events = subscribe(saver, "/api/jobs/events");
        Stream otherJob = subscribe(saver, "/api/jobs/events?job=no-such-job");
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.contentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
        this.harness.startNode("node-a", port(saver));
        this.harness.startNode("node-b", port(saver));

        String jobId = PipelineReliabilityTests.submit(http, TOTAL, 100);

        await().atMost(Duration.ofSeconds(90)).until(() -> events.named("completed").size() == 1);
        JsonNode completed = events.named("completed").getFirst();
        assertThat(completed.get("jobId").asString()).isEqualTo(jobId);
        assertThat(completed.get("electionId").asString()).isEqualTo("nl-2026");
        assertThat(completed.get("total").asInt()).isEqualTo(TOTAL);
        assertThat(completed.get("done").asLong()).isEqualTo(TOTAL);
        assertThat(completed.get("failed").asLong()).isZero();
        assertThat(completed.get("cancelled").asLong()).isZero();
        assertThat(completed.get("state").asString()).isEqualTo("complete");
        assertThat(completed.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(completed.get("rate").asDouble()).isPositive();
        List<JsonNode> progress = events.named("progress");
        assertThat(progress).isNotEmpty().allSatisfy(event -> {
            assertThat(event.get("jobId").asString()).isEqualTo(jobId);
            assertThat(event.get("state").asString()).isEqualTo("running");
            assertThat(event.get("done").asLong()).isBetween(1L, (long) TOTAL);
        });
        // a result redelivered or a late progress check must not announce the job again
        assertThat(PipelineReliabilityTests.status(http, jobId).get("state").asString()).isEqualTo("complete");
        assertThat(events.named("completed")).hasSize(1);
        assertThat(otherJob.events).isEmpty();
    }

    @Test
    void streamsBeyondTheCapAreRefusedWithRetryAfter() throws Exception {
        ConfigurableApplicationContext saver = this.harness.startSaver(Map.of("saver.limits.max-event-subscribers", "2"));
        assertThat(subscribe(saver, "/api/jobs/events").status()).isEqualTo(200);
        assertThat(subscribe(saver, "/api/jobs/events?job=some-job").status()).isEqualTo(200);

        HttpResponse<String> refused = this.client.send(request(saver, "/api/jobs/events"), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue(HttpHeaders.RETRY_AFTER)).hasValue("30");
        // the rest of the API is unaffected
        assertThat(http(saver).get().uri("/api/jobs").retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(200);
    }

    private HttpRequest request(ConfigurableApplicationContext saver, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port(saver) + path))
                .header(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE)
                .header(HttpHeaders.AUTHORIZATION, TestCredentials.Role.VIEWER.basic()).build();
    }

    /** Reads the stream on a thread of its own until the client shuts down. */
    private Stream subscribe(ConfigurableApplicationContext saver, String path) throws IOException, InterruptedException {
        HttpResponse<java.util.stream.Stream<String>> response = this.client.send(request(saver, path),
                HttpResponse.BodyHandlers.ofLines());
        Stream stream = new Stream(response.statusCode(), response.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse(""));
        Thread.ofVirtual().start(() -> {
            String[] name = { "message" };
            try {
                response.body().forEach(line -> {
                    if (line.startsWith("event:")) {
                        name[0] = line.substring("event:".length()).trim();
                    }
                    else if (line.startsWith("data:")) {
                        stream.events.add(new Event(name[0], JSON.readTree(line.substring("data:".length()))));
                    }
                    else if (line.isEmpty()) {
                        name[0] = "message";
                    }
                });
            }
            catch (RuntimeException ex) {
                // the client shut down
            }
        });
        return stream;
    }

    private record Event(String name, JsonNode data) {
    }

    private record Stream(int status, String contentType, List<Event> events) {

        Stream(int status, String contentType) {
            this(status, contentType, new CopyOnWriteArrayList<>());
        }

        List<JsonNode> named(String name) {
            return this.events.stream().filter(event -> event.name().equals(name)).map(Event::data).toList();
        }
    }
}
