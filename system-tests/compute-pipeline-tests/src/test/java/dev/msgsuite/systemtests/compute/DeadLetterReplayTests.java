package dev.msgsuite.systemtests.compute;

import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_ORIGINAL_QUEUE_HEADER;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_REASON_HEADER;
import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;
import static dev.msgsuite.systemtests.compute.PipelineHarness.http;
import static dev.msgsuite.systemtests.compute.PipelineHarness.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.contracts.ComputeMessages;
import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.ComputeJob;
import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.contracts.compute.Election;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Operators list the pipeline's dead letters with their reasons without taking them from the
 * queue, and replay them to where they came from once the cause is fixed: against the real
 * RabbitMQ and PostgreSQL, with saver-service and a compute node as separate applications.
 */
class DeadLetterReplayTests {

    private static final Election LATE = election("arrives-late");

    /** A virtual host and database of the test's own; whatever the test started is closed after it. */
    @RegisterExtension
    final PipelineHarness harness = new PipelineHarness();

    @Test
    void deadLettersAreListedWithReasonsReplayedOnceTheCauseIsFixedAndStoredExactlyOnce() {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        this.harness.startNode("node-a", port(saver));
        RestClient http = http(saver);
        String jobOfLateElection = UUID.randomUUID().toString();
        String storableJob = UUID.randomUUID().toString();
        // a job for an election saver-service does not have yet: the node dead-letters it
        this.harness.rabbit().send("", JOBS_QUEUE, ComputeMessages.job(ComputeCodec.encodeJob(
                new ComputeJob(jobOfLateElection, 0, LATE.id(), 0, new int[][] { { 2, -2, 0 }, { 1, 1, 1 } }))));
        // a result no store can take: its node id is longer than the column
        this.harness.rabbit().send("", RESULTS_QUEUE, json("{\"jobId\":\"" + storableJob + "\",\"batchIndex\":1,\"electionId\":\""
                + LATE.id() + "\",\"nodeId\":\"" + "n".repeat(300) + "\",\"firstIndex\":1,\"parties\":2,\"answered\":[1],"
                + "\"maxPoints\":[4],\"points\":[4,0],\"failed\":0}"));
        // a good result dead-lettered for a cause that is gone (as a store outage misread as poison once was)
        Message parked = ComputeMessages.result(new ComputeResult(storableJob, 0, LATE.id(), "node-z", 0, 2, new int[] { 3 },
                new int[] { 12 }, new int[] { 12, 0 }, 0, null));
        parked.getMessageProperties().setHeader(DEAD_LETTER_REASON_HEADER, "not storable: the store was being migrated");
        parked.getMessageProperties().setHeader(DEAD_LETTER_ORIGINAL_QUEUE_HEADER, RESULTS_QUEUE);
        this.harness.rabbit().send(DEAD_LETTER_EXCHANGE, RESULTS_QUEUE, parked);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isEqualTo(3));
        JsonNode listing = deadLetters(http);
        assertThat(listing.get("ready").asLong()).isEqualTo(3);
        assertThat(listing.get("items")).extracting(item -> item.get("originalQueue").asString())
                .containsExactlyInAnyOrder(JOBS_QUEUE, RESULTS_QUEUE, RESULTS_QUEUE);
        assertThat(listing.get("items")).extracting(item -> item.get("reason").asString())
                .anySatisfy(reason -> assertThat(reason).contains("unknown election").contains(LATE.id()))
                .anySatisfy(reason -> assertThat(reason).startsWith("invalid result: jobId, electionId and nodeId hold at most"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo("not storable: the store was being migrated"));
        assertThat(listing.get("items")).allSatisfy(item -> {
            assertThat(item.get("bytes").asInt()).isPositive();
            assertThat(item.get("replays").asInt()).isZero();
        });
        assertThat(deadLetters(http).get("items")).as("listing takes nothing from the queue").hasSize(3);
        assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isEqualTo(3);

        upload(http, LATE);
        // two operators at once: each dead letter is replayed by one of them
        CompletableFuture<JsonNode> first = CompletableFuture.supplyAsync(() -> replay(http, Map.of("all", true)));
        CompletableFuture<JsonNode> second = CompletableFuture.supplyAsync(() -> replay(http, Map.of("all", true)));
        List<String> replayed = new ArrayList<>();
        for (JsonNode outcome : List.of(first.join(), second.join())) {
            outcome.get("replayed").forEach(item -> replayed.add(item.get("id").asString()));
        }
        assertThat(replayed).hasSize(3).doesNotHaveDuplicates();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(storedBatches(jobOfLateElection)).containsExactly(Map.of("batch_index", 0, "answer_sets", 2));
            assertThat(storedBatches(storableJob)).containsExactly(Map.of("batch_index", 0, "answer_sets", 1));
            // the poison result is back, once, saying it was replayed
            assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isEqualTo(1);
        });
        JsonNode poison = deadLetters(http).get("items").get(0);
        assertThat(poison.get("replays").asInt()).isEqualTo(1);
        assertThat(poison.get("reason").asString()).startsWith("invalid result: jobId, electionId and nodeId hold at most");
        // dead-lettered anew, it is a dead letter of its own; the ones replayed are gone
        List<String> ids = new ArrayList<>(replayed);
        ids.add(poison.get("id").asString());
        JsonNode again = replay(http, Map.of("ids", ids));
        assertThat(again.get("replayed")).singleElement().satisfies(item -> assertThat(item.get("id").asString())
                .isEqualTo(poison.get("id").asString()));
        assertThat(again.get("notFound")).hasSize(3);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isEqualTo(1));
        assertThat(storedBatches(jobOfLateElection)).hasSize(1);
        assertThat(storedBatches(storableJob)).hasSize(1);
        assertThat(this.harness.readyMessages(JOBS_QUEUE)).isZero();
        assertThat(this.harness.readyMessages(RESULTS_QUEUE)).isZero();
    }

    @Test
    void replayRefusesAnUnclearChoiceAndLeavesWhatItCannotReplay() {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        RestClient http = http(saver);
        Message stray = json("{\"what\":\"a reply nobody waits for\"}");
        stray.getMessageProperties().setHeader(DEAD_LETTER_REASON_HEADER, "invalid command reply: no commandId");
        stray.getMessageProperties().setHeader(DEAD_LETTER_ORIGINAL_QUEUE_HEADER, "saver.replies.gone");
        this.harness.rabbit().send(DEAD_LETTER_EXCHANGE, "saver.replies.gone", stray);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isEqualTo(1));

        assertThat(http.post().uri("/api/dead-letters/replay").contentType(MediaType.APPLICATION_JSON).body(Map.of())
                .retrieve().toEntity(JsonNode.class).getStatusCode().value()).isEqualTo(400);
        assertThat(http.get().uri("/api/dead-letters?limit=0").retrieve().toEntity(JsonNode.class).getStatusCode().value())
                .isEqualTo(400);
        JsonNode outcome = replay(http, Map.of("all", true));

        assertThat(outcome.get("replayed")).isEmpty();
        assertThat(outcome.get("skipped")).singleElement().satisfies(skipped -> assertThat(skipped.get("reason").asString())
                .isEqualTo("its original queue 'saver.replies.gone' is not one of [compute.jobs, compute.results]"));
        assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isEqualTo(1);
    }

    private List<Map<String, Object>> storedBatches(String jobId) {
        return this.harness.database().sql("select batch_index, answer_sets from result_batches where job_id = ? order by batch_index")
                .param(jobId).query().listOfRows();
    }

    private static JsonNode deadLetters(RestClient http) {
        return http.get().uri("/api/dead-letters").retrieve().body(JsonNode.class);
    }

    private static JsonNode replay(RestClient http, Map<String, Object> request) {
        var response = http.post().uri("/api/dead-letters/replay").contentType(MediaType.APPLICATION_JSON).body(request).retrieve()
                .toEntity(JsonNode.class);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(200);
        return response.getBody();
    }

    private static void upload(RestClient http, Election election) {
        assertThat(http.post().uri("/api/elections").contentType(MediaType.APPLICATION_JSON).body(election).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(201);
    }

    private static Message json(String body) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
    }

    private static Election election(String id) {
        return new Election(id, "Election " + id, List.of(new Election.Statement("s1", null, null),
                new Election.Statement("s2", null, null), new Election.Statement("s3", null, null)),
                List.of(new Election.Party("a", "A", List.of(2, -2, 0)), new Election.Party("b", "B", List.of(-2, 2, 0))));
    }
}
