package dev.msgsuite.saver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.saver.results.JobSummary;
import dev.msgsuite.saver.results.ResultStore;
import dev.msgsuite.support.skillbus.RecordingBusEvents;
import dev.msgsuite.testsupport.PostgresTestDatabase;
import dev.msgsuite.testsupport.RabbitTestBroker;
import dev.msgsuite.testsupport.TestCredentials;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the console reads: the job list, a job's summary (kept while results arrive, equal to
 * a recomputation from the stored rows) and the CSV export (streamed from a cursor). Same
 * context as {@link SaverApiTests}; results are written as the listener writes them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import({ RabbitTestBroker.class, PostgresTestDatabase.class, RecordingBusEvents.class })
class JobConsoleApiTests {

    /** Ten parties, so an exported line is long enough for the CSV to outgrow any socket buffer. */
    static final Election WIDE = new Election("console-wide", "Console <b>wide</b>",
            List.of(new Election.Statement("s1", "One", null), new Election.Statement("s2", "Two", 3),
                    new Election.Statement("s3", "Three", 2)),
            IntStream.range(0, 10).mapToObj(p -> new Election.Party("p" + p, "Party " + p, List.of(p % 5 - 2, 2 - p % 5, 0)))
                    .toList());

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    RestTestClient http;

    @Autowired
    ResultStore results;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @BeforeEach
    void asOperatorWithTheElection() {
        this.http = this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, TestCredentials.Role.OPERATOR.bearer()).build();
        this.http.post().uri("/api/elections").contentType(MediaType.APPLICATION_JSON).body(WIDE).exchange();
    }

    @Test
    void jobsAreListedNewestFirstFilteredByElectionAndStateWithProgress() {
        Election other = new Election("console-list-" + UUID.randomUUID().toString().substring(0, 8), "List",
                WIDE.statements(), WIDE.parties());
        this.http.post().uri("/api/elections").contentType(MediaType.APPLICATION_JSON).body(other).exchange()
                .expectStatus().isCreated();
        String first = submit(other.id(), 20, 10);
        String second = submit(other.id(), 20, 10);
        String third = submit(other.id(), 20, 10);
        this.results.write(List.of(result(second, 0, 0, 10, new Random(1)), result(second, 1, 10, 10, new Random(2))));
        this.results.write(List.of(result(third, 0, 0, 10, new Random(3))));

        JsonNode all = list("election=" + other.id());
        assertThat(all.get("totalJobs").asLong()).isEqualTo(3);
        assertThat(all.get("items").valueStream().map(job -> job.get("jobId").asString())).containsExactly(third, second, first);
        JsonNode running = all.get("items").get(0);
        assertThat(running.get("state").asString()).isEqualTo("running");
        assertThat(running.get("done").asLong()).isEqualTo(10);
        assertThat(running.get("progress").asDouble()).isEqualTo(0.5);
        assertThat(running.has("resultsPerSecond")).isTrue();

        assertThat(list("election=" + other.id() + "&state=complete").get("items").valueStream()
                .map(job -> job.get("jobId").asString())).containsExactly(second);
        assertThat(list("election=" + other.id() + "&state=running").get("items").valueStream()
                .map(job -> job.get("jobId").asString())).containsExactly(third, first);
        assertThat(list("election=" + other.id() + "&state=running&page=1&size=1").get("items").valueStream()
                .map(job -> job.get("jobId").asString())).containsExactly(first);
        assertThat(list("election=" + other.id() + "&state=cancelled").get("totalJobs").asLong()).isZero();

        this.http.get().uri("/api/jobs?size=101").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.problems[0]").isEqualTo("size must be 1..100");
        this.http.get().uri("/api/jobs?page=10001").exchange().expectStatus().isBadRequest();
        this.http.get().uri("/api/jobs?state=sleeping").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.problems[0]").isEqualTo("state must be one of running, complete, failed, cancelled");
    }

    @Test
    void summaryKeptWhileResultsArriveEqualsARecomputationFromTheStoredRows() {
        String jobId = submit(WIDE.id(), 5_000, 100);
        Random random = new Random(15);
        List<ComputeResult> messages = new ArrayList<>();
        for (int batch = 0; batch < 50; batch++) {
            messages.add(result(jobId, batch, batch * 100, 100, random));
        }
        Collections.shuffle(messages, random);
        // in several transactions, in any order, some messages redelivered (stored and counted once)
        for (int from = 0; from < 30; from += 7) {
            List<ComputeResult> part = new ArrayList<>(messages.subList(from, Math.min(30, from + 7)));
            part.add(messages.get(random.nextInt(from + 1)));
            this.results.write(part);
        }
        assertThat(summary(jobId)).isEqualTo(recomputed(jobId));
        assertThat(summary(jobId).get("done").asLong()).isEqualTo(3_000);
        assertThat(summary(jobId).get("complete").asBoolean()).isFalse();

        this.results.write(messages.subList(30, 50));
        this.results.write(messages.subList(0, 5));

        JsonNode summary = summary(jobId);
        assertThat(summary).isEqualTo(recomputed(jobId));
        assertThat(summary.get("done").asLong()).isEqualTo(5_000);
        assertThat(summary.get("complete").asBoolean()).isTrue();
        assertThat(summary.get("parties").size()).isEqualTo(10);
        assertThat(summary.get("parties").valueStream().mapToLong(p -> p.get("firstPlaces").asLong()).sum()).isEqualTo(5_000);
        assertThat(summary.get("parties").get(3).get("partyId").asString()).isEqualTo("p3");
        this.http.get().uri("/api/jobs/{id}", jobId).exchange().expectBody().jsonPath("$.state").isEqualTo("complete")
                .jsonPath("$.done").isEqualTo(5_000);
        this.http.get().uri("/api/jobs/no-such-job/summary").exchange().expectStatus().isNotFound();
    }

    @Test
    void csvExportOfTwoHundredThousandResultsIsStreamedFromACursor() throws Exception {
        String jobId = UUID.randomUUID().toString();
        this.jdbc.sql("insert into jobs (id, election_id, total, batches, batch_size, created_at) values (?, ?, 200000, 200, 1000, ?)")
                .params(jobId, WIDE.id(), Timestamp.from(Instant.now())).update();
        Random random = new Random(200);
        for (int part = 0; part < 10; part++) {
            List<ComputeResult> messages = new ArrayList<>();
            for (int batch = part * 20; batch < (part + 1) * 20; batch++) {
                messages.add(result(jobId, batch, batch * 1000, 1000, random));
            }
            this.results.write(messages);
        }
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port
                + "/api/jobs/" + jobId + "/results.csv")).header(HttpHeaders.AUTHORIZATION, TestCredentials.Role.VIEWER.bearer())
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        // no length known in advance: the body is written as it is read
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
        try (BufferedReader csv = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(csv.readLine()).isEqualTo("index,answered,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9,ranking");
            String line = csv.readLine();
            // while the client has read one line of some 20 MB, the export holds its cursor open
            assertThat(this.jdbc.sql("""
                    select count(*) from pg_stat_activity
                    where state = 'idle in transaction' and query like '%from result_batches%order by first_index%'""")
                    .query(Long.class).single()).isEqualTo(1);
            ComputeResult first = result(jobId, 0, 0, 1000, new Random(200));
            assertThat(line).startsWith("0," + first.answered()[0] + ",");
            long lines = 2;
            String last = line;
            for (String next = csv.readLine(); next != null; next = csv.readLine()) {
                lines++;
                last = next;
            }
            assertThat(lines).isEqualTo(200_001);
            assertThat(last).startsWith("199999,");
            assertThat(last.split(",")).hasSize(13);
            assertThat(last.split(",")[12].split(" ")).hasSize(10);
        }
        this.http.get().uri("/api/jobs/no-such-job/results.csv").exchange().expectStatus().isNotFound();
    }

    @Test
    void openApiDescribesTheConsoleEndpoints() {
        this.http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/jobs'].get").exists()
                .jsonPath("$.paths['/api/jobs/{id}/summary'].get").exists()
                .jsonPath("$.paths['/api/jobs/{id}/results.csv'].get.responses['200'].content['text/csv']").exists()
                .jsonPath("$.paths['/api/jobs/{id}'].delete").exists();
    }

    @Test
    void consolePageAllowsOnlyItsOwnScriptsAndServesChartJsItself() {
        String page = this.http.get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                        + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("<script src=\"/webjars/chart.js/4.5.1/dist/chart.umd.min.js\" defer></script>")
                .doesNotContain("<script>").doesNotContain("http://").doesNotContain("https://");
        this.http.get().uri("/webjars/chart.js/4.5.1/dist/chart.umd.min.js").exchange().expectStatus().isOk();
        // what another site's form could send with a browser's cached Basic credentials is refused
        this.http.post().uri("/api/jobs").contentType(MediaType.TEXT_PLAIN).body("{\"electionId\":\"" + WIDE.id()
                + "\",\"generate\":1}").exchange().expectStatus().isEqualTo(415);
        this.http.post().uri("/api/jobs").contentType(MediaType.APPLICATION_FORM_URLENCODED).body("electionId=" + WIDE.id())
                .exchange().expectStatus().isEqualTo(415);
        this.http.get().uri("/console.js").exchange().expectStatus().isOk().expectBody(String.class)
                .value(script -> assertThat(script).doesNotContain("innerHTML").doesNotContain("eval("));
    }

    /** The summary from the stored rows, computed here independently of the store's sums. */
    private JsonNode recomputed(String jobId) {
        long[] answerSets = new long[10];
        long[] micros = new long[10];
        long[] firsts = new long[10];
        long[][] histogram = new long[10][10];
        long[] done = { 0 };
        this.jdbc.sql("select answered, max_points, points from result_batches where job_id = ?").param(jobId).query(rs -> {
            int[] maxPoints = ints(rs.getArray("max_points"));
            int[] points = ints(rs.getArray("points"));
            for (int i = 0; i < maxPoints.length; i++) {
                done[0]++;
                int best = -1;
                for (int p = 0; p < 10; p++) {
                    int pts = points[i * 10 + p];
                    answerSets[p]++;
                    micros[p] += maxPoints[i] == 0 ? 0 : Math.round(pts * 100_000_000.0 / maxPoints[i]);
                    double agreement = ComputeResult.agreement(pts, maxPoints[i]);
                    histogram[p][agreement >= 100 ? 9 : (int) Math.floor(agreement / 10)]++;
                    if (best < 0 || pts > points[i * 10 + best]) {
                        best = p;
                    }
                }
                firsts[ComputeResult.ranking(points, i * 10, 10)[0]]++;
                assertThat(best).isEqualTo(ComputeResult.ranking(points, i * 10, 10)[0]);
            }
        });
        List<Map<String, Object>> parties = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            parties.add(Map.of("partyId", "p" + p, "name", "Party " + p, "answerSets", answerSets[p],
                    "meanAgreement", answerSets[p] == 0 ? 0.0 : micros[p] / 1e6 / answerSets[p], "firstPlaces", firsts[p],
                    "firstPlaceShare", answerSets[p] == 0 ? 0.0 : (double) firsts[p] / answerSets[p],
                    "histogram", histogram[p]));
        }
        JsonNode stored = summary(jobId);
        // through text, as the answer came: numbers compare as the parser reads them
        return JSON.readTree(JSON.writeValueAsString(Map.of("jobId", jobId, "electionId", WIDE.id(), "total", stored.get("total").asInt(),
                "done", done[0], "complete", stored.get("complete").asBoolean(), "parties", parties)));
    }

    private JsonNode summary(String jobId) {
        return JSON.readTree(this.http.get().uri("/api/jobs/{id}/summary", jobId).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private JsonNode list(String query) {
        return JSON.readTree(this.http.get().uri("/api/jobs?" + query).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private String submit(String electionId, int generate, int batchSize) {
        return this.http.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("electionId", electionId, "generate", generate, "seed", 1, "batchSize", batchSize)).exchange()
                .expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody().get("jobId").toString();
    }

    /** As a node computes for 3 statements of weights 1, 3, 2: any points up to the answered ones' maximum, ties included. */
    static ComputeResult result(String jobId, int batch, int firstIndex, int count, Random random) {
        int parties = 10;
        int[] answered = new int[count];
        int[] maxPoints = new int[count];
        int[] points = new int[count * parties];
        int[] weights = { 1, 3, 2 };
        for (int i = 0; i < count; i++) {
            for (int s = 0; s < 3; s++) {
                if (random.nextInt(5) > 0) {
                    answered[i]++;
                    maxPoints[i] += 4 * weights[s];
                }
            }
            for (int p = 0; p < parties; p++) {
                points[i * parties + p] = random.nextInt(maxPoints[i] + 1);
            }
        }
        return new ComputeResult(jobId, batch, WIDE.id(), "test-node", firstIndex, parties, answered, maxPoints, points, 0, null);
    }

    private static int[] ints(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = ((Number) values[i]).intValue();
        }
        return ints;
    }
}
