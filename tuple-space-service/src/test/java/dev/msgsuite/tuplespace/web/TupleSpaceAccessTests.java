package dev.msgsuite.tuplespace.web;

import static dev.msgsuite.testsupport.AccessRule.needs;
import static dev.msgsuite.testsupport.AccessRule.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msgsuite.testsupport.AccessRule;
import dev.msgsuite.testsupport.AccessTable;
import dev.msgsuite.testsupport.TestCredentials.Role;
import dev.msgsuite.tuplespace.TupleSpaceContext;
import dev.msgsuite.tuplespace.client.Space;
import dev.msgsuite.tuplespace.client.TupleSpaceClient;
import dev.msgsuite.tuplespace.client.TupleSpaceException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * tuple-space-service's access table, the same as docs/tuplespace.md's: the least role per endpoint
 * (every endpoint has a row; each row holds for anonymous callers, the role below and the role, with
 * Basic and tokens), then the per-space grants of the tests' config/application.yml, on the
 * websocket and the REST API alike.
 */
class TupleSpaceAccessTests extends TupleSpaceContext {

    static final List<AccessRule> TABLE = List.of(
            open("GET", "/livez"),
            open("GET", "/readyz"),
            needs(Role.VIEWER, "GET", "/api/spaces"),
            needs(Role.VIEWER, "POST", "/api/spaces/{space}/read").at("/api/spaces/t-access/read").withBody("{\"template\": [\"a\"]}"),
            needs(Role.VIEWER, "POST", "/api/spaces/{space}/read-all").at("/api/spaces/t-access/read-all").withBody("{\"template\": [\"a\"]}"),
            needs(Role.OPERATOR, "POST", "/api/spaces/{space}/tuples").at("/api/spaces/t-access/tuples").withBody("{\"tuple\": [\"a\"]}"),
            needs(Role.OPERATOR, "POST", "/api/spaces/{space}/take").at("/api/spaces/t-access/take").withBody("{\"template\": [\"b\"]}"),
            // the websocket handshake: checked below, since a plain GET is no upgrade
            needs(Role.VIEWER, "GET", "/ws"));

    static final List<AccessRule> HTTP = TABLE.stream().filter(rule -> !rule.pattern().equals("/ws")).toList();

    @Autowired
    private ApplicationContext context;

    @Test
    void everyEndpointHasARule() {
        AccessTable.assertEveryEndpointHasARule(this.context, TABLE, Set.of("ANY /error"));
    }

    @ParameterizedTest
    @FieldSource("HTTP")
    void ruleIsEnforced(AccessRule rule) {
        AccessTable.assertEnforced(this.http, rule);
    }

    @Test
    void theWebSocketHandshakeNeedsAViewer() {
        assertThat(handshake(null)).isEqualTo(401);
        assertThat(handshake("Bearer not-a-configured-token")).isEqualTo(401);
        assertThat(handshake(Role.VIEWER.basic())).isEqualTo(101);
        assertThat(handshake(Role.VIEWER.bearer())).isEqualTo(101);
    }

    @ParameterizedTest(name = "{0} {1} in {2}: {3}")
    @CsvSource({
            // role ceilings: a viewer reads only
            "VIEWER,   read,  t-x,         allowed",
            "VIEWER,   write, t-x,         forbidden",
            "VIEWER,   take,  t-x,         forbidden",
            "OPERATOR, write, t-x,         allowed",
            "OPERATOR, take,  t-x,         allowed",
            // grants: sensors.* is read-only for everyone but the user 'operator' (basic), who may write there
            "VIEWER,   read,  sensors.a,   allowed",
            "OPERATOR, write, sensors.a,   forbidden",
            "OPERATOR, take,  sensors.a,   forbidden",
            // spaces no grant names: only the admin
            "OPERATOR, read,  private,     forbidden",
            "ADMIN,    take,  private,     allowed",
            "ADMIN,    write, sensors.a,   allowed" })
    void spacesAreReadWrittenAndTakenAsGrantedOnTheWebSocket(Role role, String operation, String space, String outcome) {
        Space tokenSpace = client(role).space(space);
        Runnable call = switch (operation) {
            case "read" -> () -> tokenSpace.readProbe(List.of("nothing"));
            case "write" -> () -> tokenSpace.write(List.of("granted?"), java.time.Duration.ofSeconds(1));
            default -> () -> tokenSpace.takeProbe(List.of("nothing"));
        };
        if (outcome.equals("allowed")) {
            call.run();
        }
        else {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(TupleSpaceException.class,
                    refused -> assertThat(refused.code()).isEqualTo("forbidden"));
        }
    }

    @Test
    void aGrantCanNameAUserAndNotItsToken() {
        Space asUser = keep(TupleSpaceClient.connect(webSocket(this.port), Role.OPERATOR.user(), Role.OPERATOR.password())).space("sensors.b");
        asUser.write(List.of("temp", 21), java.time.Duration.ofSeconds(5));
        assertThatThrownBy(() -> client(Role.OPERATOR).space("sensors.b").write(List.of("temp", 22)))
                .isInstanceOfSatisfying(TupleSpaceException.class, refused -> assertThat(refused.code()).isEqualTo("forbidden"));
        as(Role.OPERATOR).post().uri("/api/spaces/sensors.b/tuples").contentType(MediaType.APPLICATION_JSON).body("{\"tuple\": [1]}")
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("forbidden");
        this.http.post().uri("/api/spaces/sensors.b/tuples").header(HttpHeaders.AUTHORIZATION, Role.OPERATOR.basic())
                .contentType(MediaType.APPLICATION_JSON).body("{\"tuple\": [1], \"lease\": 1000}").exchange().expectStatus().isCreated();
    }

    @Test
    void theSpaceListShowsOnlySpacesTheCallerMayRead() {
        as(Role.ADMIN).post().uri("/api/spaces/private-list/tuples").contentType(MediaType.APPLICATION_JSON).body("{\"tuple\": [1]}")
                .exchange().expectStatus().isCreated();
        as(Role.ADMIN).get().uri("/api/spaces").exchange().expectStatus().isOk().expectBody().jsonPath("$.spaces['private-list']").isEqualTo(1);
        as(Role.VIEWER).get().uri("/api/spaces").exchange().expectStatus().isOk().expectBody().jsonPath("$.spaces['private-list']").doesNotExist();
    }

    @Test
    void theClusterEndpointTakesOnlyTheClustersCredentialNotAUsersOrAnAdminToken() {
        String clusterToken = this.jdbc.queryForObject("SELECT token FROM cluster_secret WHERE id = 1", String.class);
        assertThat(handshake(null, "/cluster/ws")).as("anonymous").isEqualTo(401);
        assertThat(handshake(Role.ADMIN.bearer(), "/cluster/ws")).as("an admin's API token").isEqualTo(401);
        assertThat(handshake(Role.ADMIN.basic(), "/cluster/ws")).as("an admin's password").isEqualTo(401);
        assertThat(handshake("Bearer " + clusterToken + "x", "/cluster/ws")).as("a wrong cluster token").isEqualTo(401);
        assertThat(handshake("Bearer " + clusterToken, "/cluster/ws")).as("the cluster's token").isEqualTo(101);
        assertThat(handshake("Bearer " + clusterToken)).as("the cluster's token is no client credential").isEqualTo(401);
    }

    @Autowired
    private org.springframework.jdbc.core.JdbcTemplate jdbc;

    private int handshake(String authorization) {
        return handshake(authorization, "/ws");
    }

    private int handshake(String authorization, String path) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            if (authorization != null) {
                WebSocket.Builder builder = client.newWebSocketBuilder().header(HttpHeaders.AUTHORIZATION, authorization);
                try {
                    builder.buildAsync(URI.create("ws://localhost:" + this.port + path), new WebSocket.Listener() {
                    }).join().abort();
                    return 101;
                }
                catch (CompletionException ex) {
                    return ex.getCause() instanceof java.net.http.WebSocketHandshakeException refused ? refused.getResponse().statusCode() : -1;
                }
            }
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
