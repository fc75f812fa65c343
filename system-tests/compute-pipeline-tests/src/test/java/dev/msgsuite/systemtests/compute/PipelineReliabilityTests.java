package dev.msgsuite.systemtests.compute;

import static dev.msgsuite.contracts.ComputeMessaging.COMMANDS_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_REASON_HEADER;
import static dev.msgsuite.contracts.ComputeMessaging.HEARTBEAT_ROUTING_KEY;
import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.REPLIES_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;
import static dev.msgsuite.systemtests.compute.PipelineHarness.http;
import static dev.msgsuite.systemtests.compute.PipelineHarness.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.contracts.compute.Election;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The pipeline's promises, each against the real RabbitMQ and PostgreSQL with saver-service
 * and compute nodes running as separate applications.
 */
class PipelineReliabilityTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final Election ELECTION = election("nl-2026", 30, 8);

    /** Answer sets of a job that a test disturbs mid-way: 5,000 batches of 20. */
    private static final int MID_JOB = 100_000;

    /** A virtual host and database of the test's own; whatever the test started is closed after it. */
    @RegisterExtension
    final PipelineHarness harness = new PipelineHarness();

    @Test
    void resultsComputedWhileSaverIsDownAllArriveWhenItStarts() {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        ConfigurableApplicationContext node = this.harness.startNode("node-a", port(saver));
        RestClient http = http(saver);
        upload(http, ELECTION);
        assertThat(command(http, Map.of("command", "configure", "electionId", ELECTION.id())).get("replies"))
                .extracting(reply -> reply.get("status").asString()).containsExactly("configured");
        var jobs = node.getBean(RabbitListenerEndpointRegistry.class).getListenerContainer("jobs");
        jobs.stop();
        String jobId = submit(http, 3000, 50);

        saver.close();
        jobs.start();

        patiently().untilAsserted(() -> {
            assertThat(this.harness.readyMessages(JOBS_QUEUE)).isZero();
            assertThat(this.harness.readyMessages(RESULTS_QUEUE)).isEqualTo(60);
        });
        RestClient restarted = http(this.harness.startSaver());
        awaitComplete(restarted, jobId, 3000);
        assertExactlyOneRowPerAnswerSet(jobId, 3000);
    }

    @Test
    void batchCompletesOnTheOtherNodeWhenANodeStopsMidBatch() {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        RestClient http = http(saver);
        // the whole job is queued before any node starts, so stopping one lands mid-job however fast they are
        String jobId = queuedJob(http);
        ConfigurableApplicationContext nodeA = this.harness.startNode("node-a", port(saver));
        this.harness.startNode("node-b", port(saver));
        patiently().until(() -> status(http, jobId).get("done").asLong() >= 2000);
        assertThat(status(http, jobId).get("done").asLong()).as("still mid-job when the node stops").isLessThan(MID_JOB);

        nodeA.close();

        JsonNode status = awaitComplete(http, jobId, MID_JOB);
        assertThat(status.get("failed").asLong()).isZero();
        assertExactlyOneRowPerAnswerSet(jobId, MID_JOB);
        assertThat(this.harness.database().sql("select distinct node_id from result_batches where job_id = ?").param(jobId)
                .query(String.class).list()).containsExactlyInAnyOrder("node-a", "node-b");
    }

    @Test
    void bothServicesReconnectWhenTheBrokerDropsTheirConnections() {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        this.harness.startNode("node-a", port(saver));
        this.harness.startNode("node-b", port(saver));
        RestClient http = http(saver);
        upload(http, ELECTION);
        awaitLiveNodes(http, 2);
        // listed while the nodes are idle: the management API lags by seconds, a job does not
        List<String> connections = this.harness.awaitListedConnections(3);
        String jobId = submit(http, MID_JOB, 20);
        // the last batches were published just now: they cannot all be stored yet
        assertThat(status(http, jobId).get("done").asLong()).as("still mid-job when the connections drop").isLessThan(MID_JOB);

        this.harness.closeConnections(connections);

        awaitComplete(http, jobId, MID_JOB);
        assertExactlyOneRowPerAnswerSet(jobId, MID_JOB);
        patiently().untilAsserted(() -> assertThat(command(http, Map.of("command", "ping")).get("replies"))
                .extracting(reply -> reply.get("nodeId").asString()).containsExactlyInAnyOrder("node-a", "node-b"));
    }

    @Test
    void commandsReachEveryNodeAndTheAnswerNamesWhoDidNotReply() {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        ConfigurableApplicationContext nodeA = this.harness.startNode("node-a", port(saver));
        ConfigurableApplicationContext nodeB = this.harness.startNode("node-b", port(saver));
        RestClient http = http(saver);
        upload(http, ELECTION);
        awaitLiveNodes(http, 2);

        JsonNode ping = command(http, Map.of("command", "ping"));
        assertThat(ping.get("allReplied").asBoolean()).isTrue();
        assertThat(ping.get("replies")).extracting(reply -> reply.get("status").asString()).containsExactly("pong", "pong");
        JsonNode configure = command(http, Map.of("command", "configure", "electionId", ELECTION.id()));
        assertThat(configure.get("replies")).extracting(reply -> reply.get("nodeId").asString() + ":" + reply.get("status").asString())
                .containsExactlyInAnyOrder("node-a:configured", "node-b:configured");
        patiently().untilAsserted(() -> assertThat(http.get().uri("/api/nodes").retrieve().body(JsonNode.class))
                .allSatisfy(node -> assertThat(node.get("elections")).extracting(JsonNode::asString).containsExactly(ELECTION.id())));

        nodeB.close();
        JsonNode partial = command(http, Map.of("command", "ping", "timeoutMillis", 1000));
        assertThat(partial.get("allReplied").asBoolean()).isFalse();
        assertThat(partial.get("replies")).extracting(reply -> reply.get("nodeId").asString()).containsExactly("node-a");
        assertThat(partial.get("missing")).extracting(JsonNode::asString).containsExactly("node-b");

        JsonNode drain = command(http, Map.of("command", "shutdown-drain", "timeoutMillis", 1000));
        assertThat(drain.get("replies")).extracting(reply -> reply.get("status").asString()).containsExactly("draining");
        patiently().until(() -> !nodeA.isActive());
    }

    @Test
    void drainedNodesFinishTheirBatchesInFlightAndLeaveTheRestQueued() {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        RestClient http = http(saver);
        String jobId = queuedJob(http);
        Map<String, Object> stayUp = Map.of("compute.node.exit-after-drain", "false");
        this.harness.startNode("node-a", port(saver), stayUp);
        this.harness.startNode("node-b", port(saver), stayUp);
        awaitLiveNodes(http, 2);
        patiently().until(() -> status(http, jobId).get("done").asLong() >= 2000);

        JsonNode drain = command(http, Map.of("command", "shutdown-drain"));

        assertThat(drain.get("replies")).extracting(reply -> reply.get("status").asString()).containsExactly("draining", "draining");
        patiently().untilAsserted(() -> assertThat(http.get().uri("/api/nodes").retrieve().body(JsonNode.class)).hasSize(2)
                .allSatisfy(node -> {
                    assertThat(node.get("status").asString()).isEqualTo("drained");
                    assertThat(node.get("inFlight").asInt()).isZero();
                }));
        long batchesDone = 0;
        for (JsonNode node : http.get().uri("/api/nodes").retrieve().body(JsonNode.class)) {
            batchesDone += node.get("jobsDone").asLong();
        }
        long finished = batchesDone;
        // every batch a node took was finished, confirmed and acknowledged; the others wait untouched
        patiently().untilAsserted(() -> {
            assertThat(status(http, jobId).get("done").asLong()).isEqualTo(finished * 20);
            assertThat(this.harness.readyMessages(JOBS_QUEUE)).isEqualTo(MID_JOB / 20 - finished);
        });
        assertThat(finished).as("drained mid-job").isLessThan(MID_JOB / 20);

        this.harness.startNode("node-c", port(saver));
        awaitComplete(http, jobId, MID_JOB);
        assertExactlyOneRowPerAnswerSet(jobId, MID_JOB);
    }

    @Test
    void poisonMessagesGoToTheDeadLetterQueueWithTheReasonAndAreNotRedelivered() {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        this.harness.startNode("node-a", port(saver));
        RestClient http = http(saver);
        upload(http, ELECTION);
        String jobId = submit(http, 10, 10);
        awaitComplete(http, jobId, 10);
        String zeros = "0,".repeat(ELECTION.statements().size() - 1) + "0";
        String invalid = "5," + "0,".repeat(ELECTION.statements().size() - 2) + "0";

        publish(JOBS_QUEUE, "{not json");
        publish(JOBS_QUEUE, "{\"jobId\":\"" + jobId + "\",\"batchIndex\":7,\"electionId\":\"" + ELECTION.id()
                + "\",\"firstIndex\":100,\"answers\":[[" + invalid + "]]}");
        publish(JOBS_QUEUE, "{\"jobId\":\"" + jobId + "\",\"batchIndex\":8,\"electionId\":\"no-such-election\","
                + "\"firstIndex\":200,\"answers\":[[" + zeros + "]]}");
        publish(RESULTS_QUEUE, "[1, 2");
        publish(RESULTS_QUEUE, "{\"jobId\":null,\"batchIndex\":0,\"firstIndex\":0,\"parties\":0,\"failed\":0,\"answered\":[]}");
        publish(RESULTS_QUEUE, "{\"jobId\":\"" + jobId + "\",\"batchIndex\":9,\"electionId\":\"" + ELECTION.id()
                + "\",\"nodeId\":\"n\",\"firstIndex\":900,\"parties\":" + ELECTION.parties().size()
                + ",\"answered\":[1],\"maxPoints\":[4],\"points\":[1],\"failed\":0}");
        publish(RESULTS_QUEUE, "{\"jobId\":\"" + jobId + "\",\"batchIndex\":10,\"electionId\":\"" + ELECTION.id()
                + "\",\"nodeId\":\"n\",\"firstIndex\":1000,\"parties\":1,\"answered\":[1],\"maxPoints\":[4],\"points\":[2],\"failed\":0}");
        publish(COMMANDS_EXCHANGE, "", "{\"command\":");
        publish(COMMANDS_EXCHANGE, "", "{\"command\":\"ping\"}");
        publish(REPLIES_EXCHANGE, HEARTBEAT_ROUTING_KEY, "{\"nodeId\":null}");

        patiently().untilAsserted(() -> assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isEqualTo(10));
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Message deadLetter = this.harness.rabbit().receive(DEAD_LETTER_QUEUE, 5000);
            reasons.add(deadLetter.getMessageProperties().getHeader(DEAD_LETTER_REASON_HEADER));
        }
        assertThat(reasons).anySatisfy(reason -> assertThat(reason).startsWith("unparseable job"))
                .anySatisfy(reason -> assertThat(reason).startsWith("invalid answers at index 100: answer 0 is 5"))
                .anySatisfy(reason -> assertThat(reason).contains("unknown election").contains("no-such-election"))
                .anySatisfy(reason -> assertThat(reason).startsWith("unparseable result"))
                .anySatisfy(reason -> assertThat(reason).startsWith("invalid result: jobId"))
                .anySatisfy(reason -> assertThat(reason).startsWith("invalid result: answered and maxPoints need one entry"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo("invalid result: 1 parties for election '" + ELECTION.id()
                        + "', which has " + ELECTION.parties().size()))
                .anySatisfy(reason -> assertThat(reason).startsWith("unparseable command"))
                .anySatisfy(reason -> assertThat(reason).startsWith("invalid command: commandId and replyTo are required"))
                .anySatisfy(reason -> assertThat(reason).startsWith("invalid heartbeat"));
        patiently().untilAsserted(() -> {
            JsonNode status = status(http, jobId);
            assertThat(status.get("failed").asLong()).isEqualTo(2);
            assertThat(status.get("done").asLong()).isEqualTo(10);
        });
        assertThat(this.harness.readyMessages(JOBS_QUEUE)).isZero();
        assertThat(this.harness.readyMessages(RESULTS_QUEUE)).isZero();
        assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isZero();
    }

    @Test
    void aNodeWithoutTheSaverTokenFailsBatchesOfElectionsItLacksAndWorksOnOnceConfigured() {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        ConfigurableApplicationContext node = this.harness.startNode("node-a", port(saver), Map.of("compute.node.saver-token", ""));
        RestClient http = http(saver);
        upload(http, ELECTION);

        String refused = submit(http, 10, 5);

        JsonNode status = awaitComplete(http, refused, 10);
        assertThat(status.get("failed").asLong()).isEqualTo(10);
        patiently().untilAsserted(() -> assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isEqualTo(2));
        Message deadLetter = this.harness.rabbit().receive(DEAD_LETTER_QUEUE, 5000);
        assertThat(deadLetter.getMessageProperties().<String>getHeader(DEAD_LETTER_REASON_HEADER))
                .contains("(401)").contains("compute.node.saver-token is not set");
        assertThat(node.isActive()).isTrue();
        assertThat(command(http, Map.of("command", "configure", "electionId", ELECTION.id())).get("replies"))
                .extracting(reply -> reply.get("status").asString()).containsExactly("configured");
        String configured = submit(http, 10, 5);
        assertThat(awaitComplete(http, configured, 10).get("failed").asLong()).isZero();
    }

    /** The election uploaded and a job of {@link #MID_JOB} answer sets in batches of 20 fully queued. */
    private String queuedJob(RestClient http) {
        upload(http, ELECTION);
        String jobId = submit(http, MID_JOB, 20);
        assertThat(this.harness.readyMessages(JOBS_QUEUE)).isEqualTo(MID_JOB / 20);
        return jobId;
    }

    /** Spring AMQP may log a rejected task from a context being closed; that is not this test's business. */
    private static ConditionFactory patiently() {
        return await().atMost(PATIENCE).dontCatchUncaughtExceptions();
    }

    private void publish(String queue, String body) {
        publish("", queue, body);
    }

    private void publish(String exchange, String routingKey, String body) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        this.harness.rabbit().send(exchange, routingKey, new Message(body.getBytes(StandardCharsets.UTF_8), properties));
    }

    /** Every answer set stored once: the job's batches tile 0..total-1 without gaps or overlaps. */
    private void assertExactlyOneRowPerAnswerSet(String jobId, int total) {
        Map<String, Object> rows = this.harness.database().sql("""
                select count(*) as batches, count(distinct first_index) as starts, sum(answer_sets) as answer_sets,
                       min(first_index) as first, max(first_index + answer_sets) as past_last
                from result_batches where job_id = ?""").param(jobId).query().singleRow();
        assertThat(((Number) rows.get("batches")).longValue()).isEqualTo(((Number) rows.get("starts")).longValue());
        assertThat(((Number) rows.get("answer_sets")).longValue()).isEqualTo(total);
        assertThat(((Number) rows.get("first")).longValue()).isZero();
        assertThat(((Number) rows.get("past_last")).longValue()).isEqualTo(total);
    }

    private static JsonNode awaitComplete(RestClient http, String jobId, int total) {
        patiently().untilAsserted(() -> {
            JsonNode status = status(http, jobId);
            assertThat(status.get("done").asLong() + status.get("failed").asLong()).isEqualTo(total);
            assertThat(status.get("complete").asBoolean()).isTrue();
        });
        JsonNode status = status(http, jobId);
        assertThat(status.get("done").asLong()).as("no duplicates counted").isLessThanOrEqualTo(total);
        return status;
    }

    private static void awaitLiveNodes(RestClient http, int count) {
        patiently().untilAsserted(() -> assertThat(http.get().uri("/api/nodes").retrieve().body(JsonNode.class))
                .hasSize(count).allSatisfy(node -> assertThat(node.get("status").asString()).isIn("idle", "working")));
    }

    static void upload(RestClient http, Election election) {
        assertThat(http.post().uri("/api/elections").contentType(MediaType.APPLICATION_JSON).body(election).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(201);
    }

    static JsonNode command(RestClient http, Map<String, Object> command) {
        return http.post().uri("/api/commands").contentType(MediaType.APPLICATION_JSON).body(command).retrieve()
                .body(JsonNode.class);
    }

    static String submit(RestClient http, int generate, int batchSize) {
        var response = http.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("electionId", ELECTION.id(), "generate", generate, "seed", 7, "batchSize", batchSize))
                .retrieve().toEntity(JsonNode.class);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(202);
        return response.getBody().get("jobId").asString();
    }

    static JsonNode status(RestClient http, String jobId) {
        return http.get().uri("/api/jobs/{id}", jobId).retrieve().body(JsonNode.class);
    }

    static Election election(String id, int statements, int parties) {
        Random random = new Random(11);
        List<Election.Statement> statementList = new ArrayList<>();
        for (int s = 0; s < statements; s++) {
            statementList.add(new Election.Statement("s" + s, "Statement " + s, s % 5 == 0 ? 2 : null));
        }
        List<Election.Party> partyList = new ArrayList<>();
        for (int p = 0; p < parties; p++) {
            partyList.add(new Election.Party("party" + p, "Party " + p, random.ints(statements, -2, 3).boxed().toList()));
        }
        return new Election(id, "Election " + id, statementList, partyList);
    }
}
