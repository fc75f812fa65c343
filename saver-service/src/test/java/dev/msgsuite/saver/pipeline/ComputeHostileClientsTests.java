package dev.msgsuite.saver.pipeline;

import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_REASON_HEADER;
import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;
import static dev.msgsuite.saver.pipeline.PipelineHarness.http;
import static dev.msgsuite.saver.pipeline.PipelineHarness.port;
import static dev.msgsuite.saver.pipeline.PipelineReliabilityTests.status;
import static dev.msgsuite.saver.pipeline.PipelineReliabilityTests.submit;
import static dev.msgsuite.saver.pipeline.PipelineReliabilityTests.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.compute.NodeState;
import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.testsupport.TestCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The compute fleet under the outages and messages that lost work in the seed: saver-service
 * down while nodes that were never configured meet their first batch, a node killed while it
 * holds batches, and a forged job message that once made every node allocate 8 GB in turn.
 * Real RabbitMQ and PostgreSQL, saver-service and nodes as separate applications.
 */
class ComputeHostileClientsTests {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final Election ELECTION = PipelineReliabilityTests.election("nl-2026", 30, 8);

    /** 1,000 job messages of 20: all queued before any node starts, so every disturbance lands mid-job. */
    private static final int ANSWER_SETS = 20_000;

    private static final int BATCH = 20;

    private PipelineHarness harness;

    @BeforeEach
    void startInfrastructure() {
        this.harness = new PipelineHarness();
    }

    @AfterEach
    void stopEverything() {
        this.harness.close();
    }

    @Test
    void unconfiguredNodesWaitOutASaverOutageAndANodeKillAndForgedJobsWithEveryAnswerSetStoredOnce() {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        int saverPort = port(saver);
        upload(http(saver), ELECTION);
        String jobId = submit(http(saver), ANSWER_SETS, BATCH);
        assertThat(this.harness.readyMessages(JOBS_QUEUE)).isEqualTo(ANSWER_SETS / BATCH);

        saver.close();
        long outageStarted = System.nanoTime();
        // no configure command: each node must fetch the election from the saver-service that is gone
        ConfigurableApplicationContext nodeA = this.harness.startNode("node-a", saverPort);
        ConfigurableApplicationContext nodeB = this.harness.startNode("node-b", saverPort);

        patiently().untilAsserted(() -> {
            assertWaitingForSaver(nodeA);
            assertWaitingForSaver(nodeB);
        });
        this.harness.rabbit().send("", JOBS_QUEUE, forgedJobOfNoStatementsAndAHugeCount());
        // held batches go back to the queue: none failed, none stored, none lost
        assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isZero();
        assertThat(this.harness.readyMessages(JOBS_QUEUE)).isGreaterThanOrEqualTo(ANSWER_SETS / BATCH - 2 * 2);

        nodeA.close();

        double outageSeconds = (System.nanoTime() - outageStarted) / 1e9;
        double asked = requeuedWhileWaiting(nodeB);
        // one consumer, back-off 200 ms doubling to 1 s: a handful, where a spinning node would count thousands
        assertThat(asked).as("batches node-b put back in %.1f s of outage", outageSeconds).isBetween(1.0, 5 + 2 * outageSeconds);
        assertThat(nodeB.isActive()).isTrue();

        RestClient restarted = http(this.harness.startSaver(Map.of("server.port", saverPort)));

        JsonNode done = awaitComplete(restarted, jobId);
        assertThat(done.get("done").asLong()).isEqualTo(ANSWER_SETS);
        assertThat(done.get("failed").asLong()).isZero();
        assertExactlyOneRowPerAnswerSet(jobId);
        patiently().untilAsserted(() -> assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isEqualTo(1));
        Message deadLetter = this.harness.rabbit().receive(DEAD_LETTER_QUEUE, 5000);
        assertThat(deadLetter.getMessageProperties().<String>getHeader(DEAD_LETTER_REASON_HEADER))
                .isEqualTo("unparseable job: job: 2147483647 answer sets, a message holds 1..10000");
        assertThat(this.harness.readyMessages(JOBS_QUEUE)).isZero();
        assertThat(this.harness.readyMessages(RESULTS_QUEUE)).isZero();
        assertThat(nodeB.isActive()).isTrue();
        assertThat(nodeB.getBean(NodeState.class).status()).isEqualTo("idle");
        assertThat(saverHealth(nodeB).get("details").get("jobs").asString()).isEqualTo("not waiting");
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        assertThat(heap.getUsed()).isLessThan(heap.getMax());
    }

    private void assertWaitingForSaver(ConfigurableApplicationContext node) {
        NodeState.Waiting waiting = node.getBean(NodeState.class).waitingFor();
        assertThat(waiting).isNotNull();
        assertThat(waiting.reason()).startsWith("saver-service unavailable: http://localhost:");
        assertThat(node.getBean(NodeState.class).status()).isEqualTo("waiting");
        // what an operator sees: the node's health says why its batches wait
        JsonNode health = saverHealth(node);
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("details").get("jobs").asString()).isEqualTo("waiting");
        assertThat(health.get("details").get("reason").asString()).isEqualTo(waiting.reason());
    }

    private static JsonNode saverHealth(ConfigurableApplicationContext node) {
        return RestClient.builder().baseUrl("http://localhost:" + node.getEnvironment().getRequiredProperty("local.management.port"))
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestCredentials.Role.VIEWER.basic()).build()
                .get().uri("/actuator/health/saver").retrieve().body(JsonNode.class);
    }

    private static double requeuedWhileWaiting(ConfigurableApplicationContext node) {
        return node.getBean(MeterRegistry.class).counter("compute.node.jobs.requeued", "cause", "saver-unavailable").count();
    }

    /** 21 bytes claiming 2^31-1 answer sets of no answers: the seed allocated them before looking. */
    private static Message forgedJobOfNoStatementsAndAHugeCount() {
        byte[] body = ByteBuffer.allocate(21).put((byte) 1).putShort((short) 1).put((byte) 'j').putInt(0).putShort((short) 1)
                .put((byte) 'e').putInt(0).putInt(Integer.MAX_VALUE).putShort((short) 0).array();
        MessageProperties properties = new MessageProperties();
        properties.setContentType(ComputeCodec.JOB_CONTENT_TYPE);
        return new Message(body, properties);
    }

    private void assertExactlyOneRowPerAnswerSet(String jobId) {
        Map<String, Object> rows = this.harness.database().sql("""
                select count(*) as batches, count(distinct first_index) as starts, sum(answer_sets) as answer_sets,
                       min(first_index) as first, max(first_index + answer_sets) as past_last
                from result_batches where job_id = ?""").param(jobId).query().singleRow();
        assertThat(((Number) rows.get("batches")).longValue()).isEqualTo(ANSWER_SETS / BATCH);
        assertThat(((Number) rows.get("starts")).longValue()).isEqualTo(ANSWER_SETS / BATCH);
        assertThat(((Number) rows.get("answer_sets")).longValue()).isEqualTo(ANSWER_SETS);
        assertThat(((Number) rows.get("first")).longValue()).isZero();
        assertThat(((Number) rows.get("past_last")).longValue()).isEqualTo(ANSWER_SETS);
    }

    private static JsonNode awaitComplete(RestClient http, String jobId) {
        patiently().untilAsserted(() -> {
            JsonNode status = status(http, jobId);
            assertThat(status.get("done").asLong() + status.get("failed").asLong()).isEqualTo(ANSWER_SETS);
            assertThat(status.get("complete").asBoolean()).isTrue();
        });
        return status(http, jobId);
    }

    /** Spring AMQP may log a rejected task from a context being closed; that is not this test's business. */
    private static ConditionFactory patiently() {
        return await().atMost(PATIENCE).dontCatchUncaughtExceptions();
    }
}
