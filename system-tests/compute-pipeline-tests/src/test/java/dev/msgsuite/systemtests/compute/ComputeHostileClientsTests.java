package dev.msgsuite.systemtests.compute;

import static dev.msgsuite.contracts.ComputeMessaging.COMMANDS_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_REASON_HEADER;
import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.REPLIES_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;
import static dev.msgsuite.systemtests.compute.PipelineHarness.http;
import static dev.msgsuite.systemtests.compute.PipelineHarness.port;
import static dev.msgsuite.systemtests.compute.PipelineReliabilityTests.status;
import static dev.msgsuite.systemtests.compute.PipelineReliabilityTests.submit;
import static dev.msgsuite.systemtests.compute.PipelineReliabilityTests.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.compute.NodeState;
import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.ComputeJob;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.testsupport.TestCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

    private static final String REPLY_KEY = "hostile-test";

    /** Commands up to 1 MB here (16 MB by default), so the test need not send 16 MB to pass it. */
    private static final Map<String, Object> SMALL_COMMANDS = Map.of("compute.node.max-command-bytes", "1MB");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A virtual host and database of the test's own; whatever the test started is closed after it. */
    @RegisterExtension
    final PipelineHarness harness = new PipelineHarness();

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
        ConfigurableApplicationContext nodeA = this.harness.startNode("node-a", saverPort, SMALL_COMMANDS);
        ConfigurableApplicationContext nodeB = this.harness.startNode("node-b", saverPort, SMALL_COMMANDS);

        patiently().untilAsserted(() -> {
            assertWaitingForSaver(nodeA);
            assertWaitingForSaver(nodeB);
        });
        // held batches go back to the queue: none failed, none stored, none lost
        assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isZero();
        assertThat(this.harness.readyMessages(JOBS_QUEUE)).isGreaterThanOrEqualTo(ANSWER_SETS / BATCH - 2 * 2);

        nodeA.close();

        // forged jobs join the queue behind the job's batches; commands reach node-b at once
        this.harness.rabbit().send("", JOBS_QUEUE, forgedJobOfNoStatementsAndAHugeCount());
        this.harness.rabbit().send("", JOBS_QUEUE, message(("{\"jobId\":\"j\",\"answers\":[" + "[0],".repeat(1_400_000) + "[0]]}")
                .getBytes(StandardCharsets.UTF_8), MessageProperties.CONTENT_TYPE_JSON));
        this.harness.rabbit().send("", JOBS_QUEUE, message(Arrays.copyOf(ComputeCodec.encodeJob(new ComputeJob("j", 0, ELECTION.id(), 0,
                new int[][] { new int[30] })), 40), ComputeCodec.JOB_CONTENT_TYPE));
        String replies = declareReplyQueue();
        this.harness.rabbit().send(COMMANDS_EXCHANGE, "", message(new byte[1024 * 1024 + 1], MessageProperties.CONTENT_TYPE_JSON));
        this.harness.rabbit().send(COMMANDS_EXCHANGE, "", message(("{\"commandId\":\"c1\",\"command\":\"ping\",\"replyTo\":\""
                + "r".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8), MessageProperties.CONTENT_TYPE_JSON));
        String hugeParty = "{\"id\":\"a\",\"positions\":[" + "9,".repeat(400_000) + "9]}";
        this.harness.rabbit().send(COMMANDS_EXCHANGE, "", message(("{\"commandId\":\"c2\",\"command\":\"configure\",\"replyTo\":\""
                + REPLY_KEY + "\",\"election\":{\"id\":\"" + ELECTION.id() + "\",\"name\":\"x\",\"statements\":"
                + JSON.writeValueAsString(ELECTION.statements()) + ",\"parties\":[" + hugeParty + "]}}").getBytes(StandardCharsets.UTF_8),
                MessageProperties.CONTENT_TYPE_JSON));
        Message refusal = this.harness.rabbit().receive(replies, 30_000);
        assertThat(JSON.readTree(refusal.getBody()).get("detail").asString())
                .isEqualTo("Invalid election nl-2026: parties[0].positions has 400001 positions for 30 statements");
        patiently().untilAsserted(() -> assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isEqualTo(2));

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
        patiently().untilAsserted(() -> assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isEqualTo(5));
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            reasons.add(this.harness.rabbit().receive(DEAD_LETTER_QUEUE, 5000).getMessageProperties().getHeader(DEAD_LETTER_REASON_HEADER));
        }
        assertThat(reasons).containsExactlyInAnyOrder(
                "unparseable command: a command holds at most 1048576 bytes, this one 1048577",
                "invalid command: commandId holds at most 100 characters and replyTo (a routing key) 255 bytes",
                "unparseable job: job: 2147483647 answer sets, a message holds 1..10000",
                "unparseable job: a JSON job body holds at most 4000000 bytes, this one 5600029",
                "unparseable job: job: 1 answer sets of 30 answers need 30 bytes, 13 follow");
        assertThat(PipelineReliabilityTests.command(restarted, Map.of("command", "ping")).get("replies"))
                .extracting(reply -> reply.get("nodeId").asString()).containsExactly("node-b");
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
        return message(ByteBuffer.allocate(21).put((byte) 1).putShort((short) 1).put((byte) 'j').putInt(0).putShort((short) 1)
                .put((byte) 'e').putInt(0).putInt(Integer.MAX_VALUE).putShort((short) 0).array(), ComputeCodec.JOB_CONTENT_TYPE);
    }

    private static Message message(byte[] body, String contentType) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(contentType);
        return new Message(body, properties);
    }

    /** A queue of this test's own for replies sent to {@link #REPLY_KEY}. */
    private String declareReplyQueue() {
        RabbitAdmin admin = new RabbitAdmin(this.harness.rabbit().getConnectionFactory());
        Queue queue = admin.declareQueue();
        admin.declareBinding(BindingBuilder.bind(queue).to(new DirectExchange(REPLIES_EXCHANGE)).with(REPLY_KEY));
        return queue.getName();
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
