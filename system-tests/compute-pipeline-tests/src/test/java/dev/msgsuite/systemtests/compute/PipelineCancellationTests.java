package dev.msgsuite.systemtests.compute;

import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;
import static dev.msgsuite.systemtests.compute.PipelineHarness.http;
import static dev.msgsuite.systemtests.compute.PipelineHarness.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.contracts.compute.Election;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** Cancelling a job while real nodes compute it: the rest is skipped, and the counts stay exact. */
class PipelineCancellationTests {

    private static final Election ELECTION = PipelineReliabilityTests.election("nl-2026", 30, 8);

    /** 5,000 batches of 20: far more than the nodes get through before the cancel arrives. */
    private static final int TOTAL = 100_000;

    /** A virtual host and database of the test's own; whatever the test started is closed after it. */
    @RegisterExtension
    final PipelineHarness harness = new PipelineHarness();

    @Test
    void cancelledJobSkipsItsRemainingBatchesAndEndsWithExactCounts() {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        RestClient http = http(saver);
        PipelineReliabilityTests.upload(http, ELECTION);
        // queued whole before any node starts, so the cancel lands mid-job however fast they are
        String jobId = PipelineReliabilityTests.submit(http, TOTAL, 20);
        this.harness.startNode("node-a", port(saver));
        this.harness.startNode("node-b", port(saver));
        await().atMost(Duration.ofSeconds(60)).until(() -> PipelineReliabilityTests.status(http, jobId).get("done").asLong() >= 1000);

        var cancelled = http.delete().uri("/api/jobs/{id}", jobId).retrieve().toEntity(JsonNode.class);

        assertThat(cancelled.getStatusCode().value()).isEqualTo(200);
        assertThat(cancelled.getBody().get("state").asString()).isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = PipelineReliabilityTests.status(http, jobId);
            assertThat(status.get("done").asLong() + status.get("failed").asLong() + status.get("cancelled").asLong())
                    .isEqualTo(TOTAL);
            assertThat(status.get("complete").asBoolean()).isTrue();
        });
        JsonNode status = PipelineReliabilityTests.status(http, jobId);
        assertThat(status.get("state").asString()).isEqualTo("cancelled");
        assertThat(status.get("failed").asLong()).isZero();
        assertThat(status.get("cancelled").asLong()).as("skipped, not computed").isGreaterThan(TOTAL / 2);
        assertThat(status.get("progress").asDouble()).isEqualTo(1.0);
        // the counts are the stored rows: what was computed, and the batches the nodes skipped
        assertThat(this.harness.database().sql("select coalesce(sum(answer_sets), 0) from result_batches where job_id = ?")
                .param(jobId).query(Long.class).single()).isEqualTo(status.get("done").asLong());
        assertThat(this.harness.database().sql("select coalesce(sum(failed), 0) from failed_batches where job_id = ? and cancelled")
                .param(jobId).query(Long.class).single()).isEqualTo(status.get("cancelled").asLong());
        JsonNode summary = http.get().uri("/api/jobs/{id}/summary", jobId).retrieve().body(JsonNode.class);
        assertThat(summary.get("done").asLong()).isEqualTo(status.get("done").asLong());
        assertThat(summary.get("parties").get(0).get("answerSets").asLong()).isEqualTo(status.get("done").asLong());
        assertThat(this.harness.readyMessages(JOBS_QUEUE)).isZero();
        assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).as("skipped batches are not poison").isZero();
        // listed as cancelled; cancelling again answers the same (and tells the nodes again)
        JsonNode listed = http.get().uri("/api/jobs?state=cancelled").retrieve().body(JsonNode.class);
        assertThat(listed.get("items").get(0).get("jobId").asString()).isEqualTo(jobId);
        assertThat(http.delete().uri("/api/jobs/{id}", jobId).retrieve().toEntity(JsonNode.class).getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void aFinishedJobCannotBeCancelled() {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        RestClient http = http(saver);
        PipelineReliabilityTests.upload(http, ELECTION);
        this.harness.startNode("node-a", port(saver));
        String jobId = PipelineReliabilityTests.submit(http, 200, 20);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> PipelineReliabilityTests.status(http, jobId).get("state").asString().equals("complete"));

        var refused = http.delete().uri("/api/jobs/{id}", jobId).retrieve().toEntity(JsonNode.class);

        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(refused.getBody().get("detail").asString()).contains("is complete already");
        assertThat(http.delete().uri("/api/jobs/{id}", "no-such-job").retrieve().toEntity(String.class).getStatusCode().value())
                .isEqualTo(404);
        assertThat(newestComplete(http).get("jobId").asString()).isEqualTo(jobId);
    }

    private static JsonNode newestComplete(RestClient http) {
        return http.get().uri("/api/jobs?state=complete").retrieve().body(JsonNode.class).get("items").get(0);
    }
}
