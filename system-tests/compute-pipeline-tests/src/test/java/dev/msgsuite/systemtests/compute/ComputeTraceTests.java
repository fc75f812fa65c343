package dev.msgsuite.systemtests.compute;

import static dev.msgsuite.contracts.ComputeMessaging.COMMANDS_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.REPLIES_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;
import static dev.msgsuite.systemtests.compute.PipelineHarness.http;
import static dev.msgsuite.systemtests.compute.PipelineHarness.port;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.testsupport.tracing.RecordedSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * One trace per request across the compute pipeline: saver-service and a compute node as
 * separate applications, the real RabbitMQ and PostgreSQL between them. Each request carries a
 * {@code traceparent} of the test's own, so the trace id is known before anything is sent.
 * Both tests share one saver and one node: each follows a trace of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComputeTraceTests {

    private static final Election ELECTION = PipelineReliabilityTests.election("traced-2026", 12, 4);

    private PipelineHarness harness;

    private RestClient http;

    @BeforeAll
    void startPipeline() {
        this.harness = new PipelineHarness().recordingSpans();
        ConfigurableApplicationContext saver = this.harness.startSaver();
        this.harness.startNode("node-traced", port(saver));
        this.http = http(saver);
        PipelineReliabilityTests.upload(this.http, ELECTION);
    }

    @AfterAll
    void stopPipeline() {
        this.harness.close();
    }

    @Test
    void aJobIsOneTraceFromItsRequestThroughTheNodeToTheStoredResults() {
        configureNode();
        String traceId = newTraceId();

        JsonNode accepted = this.http.post().uri("/api/jobs").header("traceparent", traceparent(traceId))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("electionId", ELECTION.id(), "generate", 40, "seed", 7, "batchSize", 20)).retrieve()
                .body(JsonNode.class);
        String jobId = accepted.get("jobId").asString();

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(this.harness.database().sql("select count(*) from result_batches where job_id = ?").param(jobId)
                    .query(Long.class).single()).isEqualTo(2);
            List<SpanData> trace = RecordedSpans.ofTrace(traceId);
            assertThat(trace).as(describe(trace))
                    .anySatisfy(span -> assertSpan(span, "saver-service", SpanKind.SERVER, "post /api/jobs"))
                    .anySatisfy(span -> assertSpan(span, "saver-service", SpanKind.PRODUCER, JOBS_QUEUE))
                    .anySatisfy(span -> assertSpan(span, "compute-node", SpanKind.CONSUMER, JOBS_QUEUE))
                    .anySatisfy(span -> assertSpan(span, "compute-node", SpanKind.PRODUCER, RESULTS_QUEUE));
            SpanData store = trace.stream().filter(span -> span.getName().equals("saver.results.store")).findFirst()
                    .orElseThrow(() -> new AssertionError("no results store span: " + describe(trace)));
            assertThat(RecordedSpans.service(store)).isEqualTo("saver-service");
            assertThat(trace).as("the INSERT of the results, inside the store span").anySatisfy(span -> {
                assertThat(span.getParentSpanId()).isEqualTo(store.getSpanId());
                assertThat(span.getAttributes().asMap().values().toString().toLowerCase(Locale.ROOT))
                        .contains("insert into result_batches");
            });
        });
    }

    @Test
    void aCommandAndTheNodesReplyAreOneTrace() {
        String traceId = newTraceId();

        JsonNode answer = this.http.post().uri("/api/commands").header("traceparent", traceparent(traceId))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("command", "configure", "electionId", ELECTION.id()))
                .retrieve().body(JsonNode.class);
        assertThat(answer.get("replies")).extracting(reply -> reply.get("status").asString()).containsExactly("configured");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<SpanData> trace = RecordedSpans.ofTrace(traceId);
            assertThat(trace).as(describe(trace))
                    .anySatisfy(span -> assertSpan(span, "saver-service", SpanKind.SERVER, "post /api/commands"))
                    .anySatisfy(span -> assertSpan(span, "saver-service", SpanKind.PRODUCER, COMMANDS_EXCHANGE))
                    .anySatisfy(span -> assertSpan(span, "compute-node", SpanKind.CONSUMER, "compute.node.commands"))
                    .anySatisfy(span -> assertSpan(span, "compute-node", SpanKind.PRODUCER, REPLIES_EXCHANGE))
                    .anySatisfy(span -> assertSpan(span, "saver-service", SpanKind.CONSUMER, "saver.replies"));
        });
    }

    private void configureNode() {
        assertThat(PipelineReliabilityTests.command(this.http, Map.of("command", "configure", "electionId", ELECTION.id()))
                .get("replies")).extracting(reply -> reply.get("status").asString()).containsExactly("configured");
    }

    private static void assertSpan(SpanData span, String service, SpanKind kind, String nameContains) {
        assertThat(RecordedSpans.service(span)).isEqualTo(service);
        assertThat(span.getKind()).isEqualTo(kind);
        assertThat(span.getName().toLowerCase(Locale.ROOT)).contains(nameContains.toLowerCase(Locale.ROOT));
    }

    private static String describe(List<SpanData> trace) {
        return trace.stream().map(span -> RecordedSpans.service(span) + " " + span.getKind() + " " + span.getName()).toList()
                .toString();
    }

    private static String newTraceId() {
        return HexFormat.of().formatHex(randomBytes(16));
    }

    private static String traceparent(String traceId) {
        return "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
