package dev.msgsuite.systemtests.compute;

import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;
import static dev.msgsuite.systemtests.compute.PipelineHarness.http;
import static dev.msgsuite.systemtests.compute.PipelineHarness.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.contracts.ComputeMessages;
import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.testsupport.JsonMutations;
import dev.msgsuite.testsupport.TestCredentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Every attack on saver-service the security review found, sent against the real RabbitMQ and
 * PostgreSQL with a compute node at work, and a well-behaved client served in between: the
 * service stays up within its heap, refuses each attack with the documented answer, and the
 * well-behaved job's results are all stored exactly once.
 */
class SaverHostileClientsTests {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final Election SMALL = election("small", 12, 4);

    /** A virtual host and database of the test's own; whatever the test started is closed after it. */
    @RegisterExtension
    final PipelineHarness harness = new PipelineHarness();

    @Test
    void survivesEveryAttackAndServesAWellBehavedClientExactlyOnce() throws Exception {
        ConfigurableApplicationContext saver = this.harness.startSaver();
        RestClient http = http(saver);
        int port = port(saver);
        upload(http, SMALL);

        // a job of a million answer sets to 1,000 statements was 1 GB; a batch of 10,000 with 200 parties 4 MB results
        upload(http, election("wide", 1000, 2));
        upload(http, election("crowded", 2, 200));
        JsonNode oversized = postJob(http, Map.of("electionId", "wide", "generate", 1_000_000), 400);
        assertThat(oversized.get("problems").toString()).contains("saver.limits.max-job-answers");
        JsonNode wideBatch = postJob(http, Map.of("electionId", "crowded", "generate", 20_000, "batchSize", 10_000), 400);
        assertThat(wideBatch.get("problems").toString()).contains("batchSize may be at most " + 500_000 / 202);

        String wellBehaved = postJob(http, Map.of("electionId", SMALL.id(), "generate", 2000, "seed", 3, "batchSize", 100), 202)
                .get("jobId").asString();

        // bodies past the limit: declared (nothing read) and chunked (refused once 16 MB were read)
        assertThat(rawRequest(port, "POST /api/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1073741824\r\n\r\n", null)).startsWith("HTTP/1.1 413");
        String chunked = rawRequest(port, "POST /api/elections HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: " + TestCredentials.Role.OPERATOR.bearer() + "\r\nTransfer-Encoding: chunked\r\n\r\n",
                out -> {
                    // whitespace, which no other limit counts: 16 MB and a little more, then wait for the answer
                    byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                    chunk[0] = '{';
                    for (int i = 0; i < 256; i++) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        chunk[0] = ' ';
                    }
                    out.write(("64\r\n" + " ".repeat(100) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                });
        assertThat(chunked).startsWith("HTTP/1.1 413").contains("saver.limits.max-request-body");

        // names: longer than the column is a 400 naming the problem, longer than a JSON string may be too
        assertThat(uploadStatus(http, new Election("long-name", "n".repeat(501), SMALL.statements(), SMALL.parties()))
                .get("problems").toString()).contains("name must have at most 500 characters");
        assertThat(uploadStatus(http, new Election("huge-name", "n".repeat(5_000_000), SMALL.statements(), SMALL.parties()))
                .get("status").asInt()).isEqualTo(400);

        // mutated bodies: refused with a problem document or accepted, never a server error
        List<String> bodies = new ArrayList<>();
        JsonMutations.mutated(Arbitraries.of("{\"electionId\":\"small\",\"generate\":3,\"seed\":1}",
                "{\"electionId\":\"small\",\"answerSets\":[[0,1,2,-1,-2,null,0,1,2,-1,-2,null]],\"batchSize\":1}"))
                .sampleStream().limit(150).forEach(body -> bodies.add("/api/jobs " + body));
        JsonMutations.mutated(Arbitraries.of(PLAIN_JSON.writeValueAsString(SMALL))).sampleStream().limit(150)
                .forEach(body -> bodies.add("/api/elections " + body));
        for (String request : bodies) {
            int space = request.indexOf(' ');
            var response = http.post().uri(request.substring(0, space)).contentType(MediaType.APPLICATION_JSON)
                    .body(request.substring(space + 1)).retrieve().toEntity(String.class);
            assertThat(response.getStatusCode().value()).as(request).isLessThan(500);
            if (response.getStatusCode().is4xxClientError()) {
                assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            }
        }

        // results past the limits, an over-long job id among good ones, and the largest valid results
        String bigJob = UUID.randomUUID().toString();
        ByteBuffer claimsTooMuch = ByteBuffer.allocate(64);
        claimsTooMuch.put((byte) 1).putShort((short) 1).put((byte) 'j').putInt(0).putShort((short) 1).put((byte) 'e')
                .putShort((short) 1).put((byte) 'n').putInt(0).putShort((short) 200).putInt(10_000).putInt(0)
                .putShort((short) 0xFFFF);
        this.harness.rabbit().send("", RESULTS_QUEUE, message(claimsTooMuch.array(), ComputeCodec.RESULT_CONTENT_TYPE));
        this.harness.rabbit().send("", RESULTS_QUEUE, message(("{\"jobId\":\"" + "j".repeat(2_000_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8), MessageProperties.CONTENT_TYPE_JSON));
        for (int batch = 0; batch < 12; batch++) {
            this.harness.rabbit().send("", RESULTS_QUEUE, ComputeMessages.result(largest(bigJob, batch)));
            if (batch == 5) {
                this.harness.rabbit().send("", RESULTS_QUEUE, ComputeMessages.result(new ComputeResult("j".repeat(40), 0,
                        SMALL.id(), "node-x", 0, 4, new int[] { 1 }, new int[] { 4 }, new int[] { 4, 0, 0, 0 }, 0, null)));
            }
        }

        // 300 command requests at once, each waiting its 10 s for replies (no node is known yet)
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> commands = IntStream.range(0, 300)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/commands"))
                        .header(HttpHeaders.AUTHORIZATION, TestCredentials.Role.OPERATOR.bearer())
                        .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"command\":\"ping\",\"timeoutMillis\":10000}")).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        // as the kubelet probes: a client of its own, 3 s to answer
        HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        await().atMost(PATIENCE).until(() -> commands.stream().filter(CompletableFuture::isDone).count() > 0);
        HttpResponse<String> liveness = probe.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/livez"))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(commands.stream().filter(CompletableFuture::isDone).count()).as("commands still waiting while liveness answered")
                .isLessThan(300);
        int answered = 0;
        for (CompletableFuture<HttpResponse<String>> command : commands) {
            HttpResponse<String> response = command.get();
            assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
            if (response.statusCode() == 200) {
                answered++;
                assertThat(response.body()).contains("\"replies\"");
            }
            else {
                assertThat(response.headers().firstValue(HttpHeaders.RETRY_AFTER)).hasValue("2");
            }
        }
        assertThat(answered).as("saver.limits.max-concurrent-commands").isEqualTo(64);

        // the well-behaved client, whose job waited for a node: every answer set stored exactly once
        this.harness.startNode("node-a", port);
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode status = http.get().uri("/api/jobs/{id}", wellBehaved).retrieve().body(JsonNode.class);
            assertThat(status.get("done").asLong()).isEqualTo(2000);
            assertThat(status.get("failed").asLong()).isZero();
        });
        assertThat(this.harness.database().sql("select count(*), sum(answer_sets) from result_batches where job_id = ?")
                .param(wellBehaved).query().singleRow()).containsValues(20L, 2000L);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(this.harness.database().sql("select count(*) from result_batches where job_id = ?").param(bigJob)
                    .query(Long.class).single()).isEqualTo(12);
            assertThat(this.harness.readyMessages(DEAD_LETTER_QUEUE)).isEqualTo(3);
        });
        JsonNode deadLetters = http.get().uri("/api/dead-letters").retrieve().body(JsonNode.class);
        assertThat(deadLetters.get("items")).extracting(item -> item.get("reason").asString())
                .anySatisfy(reason -> assertThat(reason).startsWith("unparseable result: result: 10000 answer sets of 200 parties"))
                .anySatisfy(reason -> assertThat(reason).contains("(saver.limits.max-result-message)"))
                .anySatisfy(reason -> assertThat(reason).startsWith("invalid result: jobId, electionId and nodeId hold at most"));
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(this.harness.readyMessages(JOBS_QUEUE)).isZero();
            assertThat(this.harness.readyMessages(RESULTS_QUEUE)).isZero();
        });
        JsonNode ping = http.post().uri("/api/commands").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("command", "ping", "timeoutMillis", 2000)).retrieve().body(JsonNode.class);
        assertThat(ping.get("replies")).extracting(reply -> reply.get("nodeId").asString()).containsExactly("node-a");

        assertThat(saver.isActive()).isTrue();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        assertThat(heap.getUsed()).isLessThan(heap.getMax());
        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/livez")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private static final tools.jackson.databind.json.JsonMapper PLAIN_JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /** A result as large as a message may be: 10,000 answer sets of 48 parties, half a million values. */
    private static ComputeResult largest(String jobId, int batch) {
        int answerSets = 10_000;
        int parties = 48;
        int[] answered = new int[answerSets];
        int[] maxPoints = new int[answerSets];
        int[] points = new int[answerSets * parties];
        for (int i = 0; i < answerSets; i++) {
            answered[i] = 1;
            maxPoints[i] = 4;
            points[i * parties + i % parties] = 4;
        }
        return new ComputeResult(jobId, batch, "big-election", "node-big", batch * answerSets, parties, answered, maxPoints, points,
                0, null);
    }

    /**
     * Sends a request by hand (a body writer, or none) and returns what the server answered,
     * read while the body is still being written: a server refusing a body answers and closes
     * before it has all of it, as curl and browsers expect.
     */
    private static String rawRequest(int port, String head, BodyWriter body) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                byte[] buffer = new byte[8192];
                try {
                    InputStream in = socket.getInputStream();
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        synchronized (response) {
                            response.write(buffer, 0, n);
                            if (response.toString(StandardCharsets.UTF_8).matches("(?s).*\r\n\r\n.*\\}.*")) {
                                return;
                            }
                        }
                    }
                }
                catch (IOException ex) {
                    // closed by the server once it answered
                }
            });
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                if (body != null) {
                    body.write(out);
                }
                out.flush();
            }
            catch (IOException ex) {
                // the server stopped reading: its answer says why
            }
            reading.get(30, java.util.concurrent.TimeUnit.SECONDS);
            synchronized (response) {
                return response.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private interface BodyWriter {

        void write(OutputStream out) throws IOException;
    }

    private static Message message(byte[] body, String contentType) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(contentType);
        return new Message(body, properties);
    }

    private static JsonNode postJob(RestClient http, Map<String, Object> job, int expectedStatus) {
        var response = http.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).body(job).retrieve()
                .toEntity(JsonNode.class);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(expectedStatus);
        return response.getBody();
    }

    private static JsonNode uploadStatus(RestClient http, Election election) {
        var response = http.post().uri("/api/elections").contentType(MediaType.APPLICATION_JSON).body(election).retrieve()
                .toEntity(JsonNode.class);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(400);
        return response.getBody();
    }

    private static void upload(RestClient http, Election election) {
        assertThat(http.post().uri("/api/elections").contentType(MediaType.APPLICATION_JSON).body(election).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(201);
    }

    private static Election election(String id, int statements, int parties) {
        List<Election.Statement> statementList = IntStream.range(0, statements)
                .mapToObj(s -> new Election.Statement("s" + s, "Statement " + s, null)).toList();
        List<Election.Party> partyList = IntStream.range(0, parties)
                .mapToObj(p -> new Election.Party("p" + p, "Party " + p, Collections.nCopies(statements, p % 5 - 2))).toList();
        return new Election(id, "Election " + id, statementList, partyList);
    }
}
