package dev.msgsuite.saver;

import static dev.msgsuite.testsupport.AccessRule.needs;
import static dev.msgsuite.testsupport.TestCredentials.Role.ADMIN;
import static dev.msgsuite.testsupport.TestCredentials.Role.OPERATOR;
import static dev.msgsuite.testsupport.TestCredentials.Role.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.support.skillbus.RecordingBusEvents;
import dev.msgsuite.testsupport.AccessRule;
import dev.msgsuite.testsupport.AccessTable;
import dev.msgsuite.testsupport.PostgresTestDatabase;
import dev.msgsuite.testsupport.RabbitTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * saver-service's access table (docs/compute.md), enforced over real HTTP: reading is for
 * viewers, changing what the fleet runs for operators, nothing for anyone else. Same context as
 * {@link SaverApiTests}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import({ RabbitTestBroker.class, PostgresTestDatabase.class, RecordingBusEvents.class })
class SaverAccessTests {

    private static final Election ELECTION = new Election("access-test", "Access test", SaverApiTests.ELECTION.statements(),
            SaverApiTests.ELECTION.parties());

    private static final String ELECTION_JSON = JsonMapper.builder().build().writeValueAsString(ELECTION);

    static final List<AccessRule> TABLE = List.of(
            needs(VIEWER, "GET", "/"),
            needs(VIEWER, "GET", "/console.js"),
            needs(VIEWER, "GET", "/console.css"),
            needs(VIEWER, "GET", "/webjars/**").at("/webjars/chart.js/4.5.1/dist/chart.umd.min.js"),
            needs(VIEWER, "GET", "/api/elections"),
            needs(VIEWER, "GET", "/api/elections/{id}").at("/api/elections/" + ELECTION.id()),
            needs(OPERATOR, "POST", "/api/elections").withBody(ELECTION_JSON),
            needs(VIEWER, "GET", "/api/jobs/{id}").at("/api/jobs/no-such-job"),
            needs(VIEWER, "GET", "/api/jobs/{id}/results").at("/api/jobs/no-such-job/results"),
            needs(VIEWER, "GET", "/api/jobs"),
            needs(VIEWER, "GET", "/api/jobs/events"),
            needs(OPERATOR, "DELETE", "/api/jobs/{id}").at("/api/jobs/no-such-job"),
            needs(VIEWER, "GET", "/api/jobs/{id}/summary").at("/api/jobs/no-such-job/summary"),
            needs(VIEWER, "GET", "/api/jobs/{id}/results.csv").at("/api/jobs/no-such-job/results.csv"),
            needs(OPERATOR, "POST", "/api/jobs").withBody("{\"electionId\":\"" + ELECTION.id() + "\",\"generate\":1}"),
            needs(VIEWER, "GET", "/api/nodes"),
            // ping, not shutdown-drain: the fleet of a test sharing the broker must not stop
            needs(OPERATOR, "POST", "/api/commands").withBody("{\"command\":\"ping\",\"timeoutMillis\":50}"),
            // dead letters may hold job data: operators only
            needs(OPERATOR, "GET", "/api/dead-letters"),
            needs(OPERATOR, "POST", "/api/dead-letters/replay").withBody("{\"ids\":[\"no-such-dead-letter\"]}"),
            needs(VIEWER, "GET", "/v3/api-docs"),
            needs(VIEWER, "GET", "/v3/api-docs.yaml"),
            needs(VIEWER, "GET", "/v3/api-docs/swagger-config"),
            needs(VIEWER, "GET", "/swagger-ui.html"),
            needs(VIEWER, "GET", "/swagger-ui/**").at("/swagger-ui/index.html"));

    /** Never answered in full: checked by status only ({@link #theJobEventStreamNeedsAViewer}). */
    private static final Set<String> STREAMS = Set.of("GET /api/jobs/events");

    static final List<AccessRule> ANSWERED_IN_FULL = TABLE.stream().filter(rule -> !STREAMS.contains(rule.endpoint())).toList();

    /** Boot's error page: rendered for requests that passed the table, refused when asked for directly (below). */
    private static final Set<String> NOT_OURS = Set.of("ANY /error");

    @Autowired
    RestTestClient http;

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    /** So the operator's job is accepted, not refused for an unknown election. */
    @BeforeEach
    void electionExists() {
        this.http.post().uri("/api/elections").header(HttpHeaders.AUTHORIZATION, OPERATOR.bearer())
                .contentType(MediaType.APPLICATION_JSON).body(ELECTION_JSON).exchange();
    }

    @Test
    void everyEndpointHasARule() {
        AccessTable.assertEveryEndpointHasARule(this.context, TABLE, NOT_OURS);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ANSWERED_IN_FULL")
    void ruleIsEnforced(AccessRule rule) {
        AccessTable.assertEnforced(this.http, rule);
    }

    @Test
    void theJobEventStreamNeedsAViewer() throws Exception {
        assertThat(streamStatus(null)).isEqualTo(401);
        assertThat(streamStatus(VIEWER.basic())).isEqualTo(200);
        assertThat(streamStatus(VIEWER.bearer())).isEqualTo(200);
        assertThat(streamStatus(OPERATOR.basic())).isEqualTo(200);
        assertThat(streamStatus("Bearer not-a-configured-token")).isEqualTo(401);
    }

    private int streamStatus(@Nullable String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/jobs/events"))
                .header(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<java.util.stream.Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            response.body().close();
            return response.statusCode();
        }
    }

    @Test
    void refusalsAreProblemDocumentsNamingTheSchemes() {
        this.http.get().uri("/api/nodes").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().values(HttpHeaders.WWW_AUTHENTICATE, values -> assertThat(values)
                        .containsExactly("Basic realm=\"saver-service\"", "Bearer realm=\"saver-service\""))
                .expectBody().jsonPath("$.status").isEqualTo(401);
        this.http.post().uri("/api/commands").header(HttpHeaders.AUTHORIZATION, VIEWER.basic())
                .contentType(MediaType.APPLICATION_JSON).body("{\"command\":\"shutdown-drain\"}").exchange()
                .expectStatus().isForbidden().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(403).jsonPath("$.instance").isEqualTo("/api/commands");
    }

    @Test
    void unmappedPathsAndTheErrorPageAreRefusedEvenToAnAdmin() {
        this.http.get().uri("/api/unknown").exchange().expectStatus().isUnauthorized();
        for (String path : List.of("/api/unknown", "/error", "/index.html")) {
            this.http.get().uri(path).header(HttpHeaders.AUTHORIZATION, ADMIN.bearer()).exchange().expectStatus().isForbidden();
        }
        this.http.delete().uri("/api/elections/{id}", ELECTION.id()).header(HttpHeaders.AUTHORIZATION, ADMIN.basic()).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void noSessionIsCreated() {
        this.http.get().uri("/api/nodes").header(HttpHeaders.AUTHORIZATION, VIEWER.basic()).exchange().expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);
    }
}
