package dev.msgsuite.saver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.ComputeMessaging;
import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.saver.results.ResultStore;
import dev.msgsuite.support.skillbus.RecordingBusEvents;
import dev.msgsuite.testsupport.PostgresTestDatabase;
import dev.msgsuite.testsupport.RabbitTestBroker;
import dev.msgsuite.testsupport.TestCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Every HTTP edge of saver-service refuses bad input with a clear problem document. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import({ RabbitTestBroker.class, PostgresTestDatabase.class, RecordingBusEvents.class })
class SaverApiTests {

    static final Election ELECTION = new Election("api-test", "API test",
            List.of(new Election.Statement("s1", "One", null), new Election.Statement("s2", "Two", 3)),
            List.of(new Election.Party("a", "A", List.of(2, -2)), new Election.Party("b", "B", List.of(-1, 1))));

    @Autowired
    RestTestClient http;

    @Autowired
    ResultStore results;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    RecordingBusEvents bus;

    /** What the API does with a request, not who may send it: that is {@link SaverAccessTests}. */
    @BeforeEach
    void asOperator() {
        this.http = this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, TestCredentials.Role.OPERATOR.bearer()).build();
    }

    @Test
    void uploadedElectionCanBeReadBackAndNotUploadedTwice() {
        Election election = new Election("roundtrip", "Roundtrip", ELECTION.statements(), ELECTION.parties());
        this.http.post().uri("/api/elections").contentType(MediaType.APPLICATION_JSON).body(election).exchange()
                .expectStatus().isCreated().expectHeader().location("/api/elections/roundtrip");

        this.http.get().uri("/api/elections/roundtrip").exchange().expectStatus().isOk().expectBody(Election.class)
                .isEqualTo(election);
        this.http.post().uri("/api/elections").contentType(MediaType.APPLICATION_JSON).body(election).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail").value(String.class,
                        detail -> assertThat(detail).contains("exists already"));
    }

    @Test
    void invalidElectionIsRefusedWithEveryProblem() {
        this.http.post().uri("/api/elections").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("id", "BAD ID", "name", "x", "statements", List.of(Map.of("id", "s1")),
                        "parties", List.of(Map.of("id", "p", "positions", List.of(7, 0)))))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.title").isEqualTo("Bad Request")
                // a party with the wrong number of positions is named once, its positions are not checked one by one
                .jsonPath("$.problems.length()").isEqualTo(2)
                .jsonPath("$.problems[0]").value(String.class, problem -> assertThat(problem).startsWith("id must match"))
                .jsonPath("$.problems[1]").isEqualTo("parties[0].positions has 2 positions for 1 statements");
    }

    @Test
    void malformedJsonIsABadRequest() {
        this.http.post().uri("/api/elections").contentType(MediaType.APPLICATION_JSON).body("{\"id\": ")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.status").isEqualTo(400);
        this.http.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).body("{\"electionId\":\"x\",\"generate\":\"many\"}")
                .exchange().expectStatus().isBadRequest();
        this.http.post().uri("/api/commands").contentType(MediaType.APPLICATION_JSON).body("[\"ping\"]")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.status").isEqualTo(400);
        this.http.get().uri("/api/jobs/any/results?page=first").exchange().expectStatus().isBadRequest();
    }

    @Test
    void unknownThingsAreNotFound() {
        this.http.get().uri("/api/elections/nope").exchange().expectStatus().isNotFound().expectBody()
                .jsonPath("$.detail").isEqualTo("No election 'nope'");
        this.http.get().uri("/api/jobs/nope").exchange().expectStatus().isNotFound();
        this.http.get().uri("/api/jobs/nope/results").exchange().expectStatus().isNotFound();
    }

    @Test
    void invalidJobsAreRefusedBeforeAnythingIsQueued() {
        upload(ELECTION);
        postJob(Map.of("electionId", "missing", "generate", 5)).expectStatus().isEqualTo(422);
        postJob(Map.of("generate", 5)).expectStatus().isBadRequest();
        postJob(Map.of("electionId", ELECTION.id(), "generate", 5, "answerSets", List.of(List.of(0, 0))))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.problems[0]")
                .isEqualTo("give exactly one of answerSets and generate");
        postJob(Map.of("electionId", ELECTION.id(), "answerSets", List.of(List.of(0), List.of(0, 3))))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.problems").value(List.class, problems -> assertThat(problems).containsExactly(
                        "answerSets[0] must have 2 answers", "answerSets[1][1] must be -2..2 or null (no opinion)"));
        postJob(Map.of("electionId", ELECTION.id(), "generate", 0)).expectStatus().isBadRequest();
        postJob(Map.of("electionId", ELECTION.id(), "generate", 5, "batchSize", 0)).expectStatus().isBadRequest();
    }

    @Test
    void acceptedJobIsQueuedAndReportsItsTotals() {
        upload(ELECTION);
        postJob(Map.of("electionId", ELECTION.id(), "answerSets", List.of(List.of(2, -2), java.util.Arrays.asList(null, 1)),
                "batchSize", 1))
                .expectStatus().isAccepted().expectBody()
                .jsonPath("$.total").isEqualTo(2).jsonPath("$.batches").isEqualTo(2)
                .jsonPath("$.done").isEqualTo(0).jsonPath("$.complete").isEqualTo(false);
    }

    @Test
    void badCommandsAreRefused() {
        postCommand(Map.of("command", "reboot")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.problems[0]").isEqualTo("command must be one of [configure, ping, shutdown-drain]");
        postCommand(Map.of("command", "configure")).expectStatus().isBadRequest();
        postCommand(Map.of("command", "configure", "electionId", "missing")).expectStatus().isEqualTo(422);
        postCommand(Map.of("command", "ping", "timeoutMillis", 0)).expectStatus().isBadRequest();
    }

    @Test
    void pingWithNoNodesAnswersAfterTheTimeoutWithNobody() {
        postCommand(Map.of("command", "ping", "timeoutMillis", 200)).expectStatus().isOk().expectBody()
                .jsonPath("$.replies.length()").isEqualTo(0).jsonPath("$.missing.length()").isEqualTo(0)
                .jsonPath("$.allReplied").isEqualTo(false);
    }

    @Test
    void commandsBeyondTheConcurrencyLimitAreRefusedAtOnceWithRetryAfterWhileLivenessStaysAnswered() throws Exception {
        // no node is known, so each ping waits its whole timeout, without holding a request thread
        List<CompletableFuture<RestTestClient.ResponseSpec>> pings = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 80; i++) {
                pings.add(CompletableFuture.supplyAsync(() -> postCommand(Map.of("command", "ping", "timeoutMillis", 2000)), clients));
            }
            this.http.get().uri("/livez").exchange().expectStatus().isOk();
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<RestTestClient.ResponseSpec> ping : pings) {
                ping.get().expectStatus().value(status -> statuses.add(status));
            }
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(64);
            assertThat(statuses).filteredOn(status -> status == 503).hasSize(16);
        }
        postCommand(Map.of("command", "ping", "timeoutMillis", 20)).expectStatus().isOk();
        postCommand(Map.of("command", "ping", "timeoutMillis", 20)).expectStatus().isOk();
    }

    @Test
    void aRefusedCommandSaysWhenToTryAgain() throws Exception {
        List<CompletableFuture<RestTestClient.ResponseSpec>> pings = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 65; i++) {
                pings.add(CompletableFuture.supplyAsync(() -> postCommand(Map.of("command", "ping", "timeoutMillis", 1500)), clients));
            }
            boolean refusalSeen = false;
            for (CompletableFuture<RestTestClient.ResponseSpec> ping : pings) {
                RestTestClient.ResponseSpec response = ping.get();
                var result = response.returnResult(String.class);
                if (result.getStatus().value() == 503) {
                    refusalSeen = true;
                    assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
                    assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                    assertThat(result.getResponseBody()).contains("saver.limits.max-concurrent-commands");
                }
            }
            assertThat(refusalSeen).isTrue();
        }
    }

    @Test
    void jobsBeyondTheLimitsAreRefusedListingThem() {
        upload(ELECTION);
        postJob(Map.of("electionId", ELECTION.id(), "generate", 5, "batchSize", 10_001)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.problems[0]").isEqualTo("batchSize must be 1..10000");
        postJob(Map.of("electionId", ELECTION.id(), "answerSets", List.of(List.of(0, 0), "no list", List.of(0))))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.problems").value(List.class, problems -> assertThat(problems)
                        .containsExactly("answerSets[1] must have 2 answers", "answerSets[2] must have 2 answers"));
        postJob("{\"electionId\":\"" + ELECTION.id() + "\",\"answerSets\":" + "[".repeat(40) + "]".repeat(40) + "}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").isEqualTo("The JSON body exceeds a limit");
        postJob("{\"electionId\":\"" + ELECTION.id() + "\",\"generate\":" + "9".repeat(30) + "}").expectStatus().isBadRequest();
    }

    @Test
    void anElectionNameLongerThanTheStoreKeepsIsABadRequest() {
        Election named = new Election("long-name", "n".repeat(501), ELECTION.statements(), ELECTION.parties());
        this.http.post().uri("/api/elections").contentType(MediaType.APPLICATION_JSON).body(named).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.problems[0]").isEqualTo("name must have at most 500 characters");
    }

    @Test
    void writingTheSameResultTwiceKeepsOneRowAndPagesInOrder() {
        upload(ELECTION);
        String jobId = this.http.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("electionId", ELECTION.id(), "generate", 3, "seed", 1)).exchange().expectStatus().isAccepted()
                .expectBody(Map.class).returnResult().getResponseBody().get("jobId").toString();
        // written directly, as if a node had answered; the same message redelivered must not add rows
        ComputeResult result = new ComputeResult(jobId, 0, ELECTION.id(), "test-node", 0, 2, new int[] { 2, 1 },
                new int[] { 8, 4 }, new int[] { 6, 2, 0, 4 }, 0, null);

        this.results.write(List.of(result, result));
        this.results.write(List.of(result));

        assertThat(this.jdbc.sql("select count(*) from result_batches where job_id = ?").param(jobId).query(Long.class).single())
                .isEqualTo(1);
        this.http.get().uri("/api/jobs/{id}/results?page=0&size=1", jobId).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.totalResults").isEqualTo(2)
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].resultId").isEqualTo(jobId + "/0")
                .jsonPath("$.items[0].agreement[0]").isEqualTo(75.0)
                .jsonPath("$.items[0].points[0]").isEqualTo(6)
                .jsonPath("$.items[0].maxPoints").isEqualTo(8)
                .jsonPath("$.items[0].ranking[0]").isEqualTo("a");
        this.http.get().uri("/api/jobs/{id}/results?page=1&size=1", jobId).exchange().expectBody()
                .jsonPath("$.items[0].index").isEqualTo(1).jsonPath("$.items[0].agreement[1]").isEqualTo(100.0)
                .jsonPath("$.items[0].ranking[0]").isEqualTo("b");
        // a page reaching past the stored batch holds only what is stored
        this.http.get().uri("/api/jobs/{id}/results?page=0&size=3", jobId).exchange().expectBody()
                .jsonPath("$.items.length()").isEqualTo(2).jsonPath("$.items[1].index").isEqualTo(1);
        this.http.get().uri("/api/jobs/{id}/results?size=5000", jobId).exchange().expectStatus().isBadRequest();
        this.http.get().uri("/api/jobs/{id}/results?page=-1", jobId).exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.problems[0]").isEqualTo("page must be >= 0 and size 1..1000");
    }

    @Test
    void storedResultsPublishJobProgressAndOneCompletionToTheBus() {
        upload(ELECTION);
        String jobId = this.http.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("electionId", ELECTION.id(), "generate", 4, "seed", 1, "batchSize", 2)).exchange()
                .expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody().get("jobId").toString();
        ComputeResult first = new ComputeResult(jobId, 0, ELECTION.id(), "test-node", 0, 2, new int[] { 2, 1 },
                new int[] { 8, 4 }, new int[] { 6, 2, 0, 4 }, 0, null);
        ComputeResult poisoned = ComputeResult.failure(jobId, 1, ELECTION.id(), "test-node", 2, 2, "invalid answers");

        this.rabbit.convertAndSend("", ComputeMessaging.RESULTS_QUEUE, first);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.bus.of("compute.job.progress", "jobId", jobId))
                .singleElement().satisfies(event -> {
                    assertThat(event.json().get("total").asInt()).isEqualTo(4);
                    assertThat(event.json().get("done").asLong()).isEqualTo(2);
                    assertThat(event.json().get("failed").asLong()).isZero();
                    assertThat(event.json().has("rate")).isTrue();
                }));
        this.rabbit.convertAndSend("", ComputeMessaging.RESULTS_QUEUE, poisoned);
        this.rabbit.convertAndSend("", ComputeMessaging.RESULTS_QUEUE, first);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.bus.of("compute.job.completed", "jobId", jobId))
                .singleElement().satisfies(event -> {
                    assertThat(event.json().get("done").asLong()).isEqualTo(2);
                    assertThat(event.json().get("failed").asLong()).isEqualTo(2);
                }));
        // the redelivered result is stored once and announces nothing new
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(resultsWaiting()).isZero());
        assertThat(this.bus.of("compute.job.completed", "jobId", jobId)).hasSize(1);
        assertThat(this.bus.of("compute.job.progress", "jobId", jobId)).hasSize(1);
    }

    @Test
    void openApiDescribesTheApi() {
        this.http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/elections']").exists()
                .jsonPath("$.paths['/api/commands'].post").exists()
                .jsonPath("$.paths['/api/jobs/{id}/results'].get").exists()
                .jsonPath("$.paths['/api/nodes'].get").exists();
        this.http.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
    }

    private long resultsWaiting() {
        Long waiting = this.rabbit.execute(channel -> channel.messageCount(ComputeMessaging.RESULTS_QUEUE));
        return waiting == null ? -1 : waiting;
    }

    private void upload(Election election) {
        this.http.post().uri("/api/elections").contentType(MediaType.APPLICATION_JSON).body(election).exchange();
    }

    private RestTestClient.ResponseSpec postJob(Object body) {
        return this.http.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).body(body).exchange();
    }

    private RestTestClient.ResponseSpec postCommand(Object body) {
        return this.http.post().uri("/api/commands").contentType(MediaType.APPLICATION_JSON).body(body).exchange();
    }
}
