package dev.msgsuite.compute.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.sun.net.httpserver.HttpServer;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.contracts.compute.Election.Party;
import dev.msgsuite.contracts.compute.Election.Statement;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The node's election fetch against a real HTTP server standing in for saver-service. */
class SaverElectionsTests {

    private static final String TOKEN = "node-token-0123456789";

    private static final Election ELECTION = new Election("e1", "E1",
            List.of(new Statement("s1", null, null), new Statement("s2", null, null)),
            List.of(new Party("a", null, List.of(2, 2)), new Party("b", null, List.of(-2, -2))));

    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private HttpServer saver;

    private URI saverUrl;

    @BeforeEach
    void startSaver() throws IOException {
        byte[] election = JsonMapper.builder().build().writeValueAsBytes(ELECTION);
        this.saver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // as saver-service answers: the node token may read, an unknown one is 401, another role 403
        this.saver.createContext("/api/elections/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            this.authorizations.add(String.valueOf(authorization));
            int status = ("Bearer " + TOKEN).equals(authorization) ? 200 : "Bearer no-role-token".equals(authorization) ? 403 : 401;
            if (status == 200 && exchange.getRequestURI().getPath().endsWith("/missing")) {
                status = 404;
            }
            if ("Bearer overloaded".equals(authorization)) {
                // as a proxy in front of a saver-service that is away might answer
                status = 503;
            }
            byte[] body = status == 200 ? election
                    : status == 503 ? "<html>\n\u001b[31mupstream gone</html>".repeat(1000).getBytes() : "{\"status\":%d}".formatted(status).getBytes();
            exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        this.saver.start();
        this.saverUrl = URI.create("http://localhost:" + this.saver.getAddress().getPort());
    }

    @AfterEach
    void stopSaver() {
        this.saver.stop(0);
    }

    @Test
    void sendsTheConfiguredTokenAsBearerAndCompilesTheElection() {
        ElectionCatalog catalog = new ElectionCatalog(new SaverElections(this.saverUrl, TOKEN), 10, Long.MAX_VALUE);

        assertThat(catalog.model("e1").parties()).isEqualTo(2);
        assertThat(catalog.electionIds()).containsExactly("e1");
        assertThat(this.authorizations).containsExactly("Bearer " + TOKEN);
    }

    @Test
    void withoutATokenTheRefusalIsUnavailableAtOnceAndNamesTheSetting() {
        ElectionCatalog catalog = new ElectionCatalog(new SaverElections(this.saverUrl, " "), 10, Long.MAX_VALUE);

        assertThatExceptionOfType(ElectionCatalog.ElectionUnavailableException.class).isThrownBy(() -> catalog.model("e1"))
                .withMessageContaining("(401)").withMessageContaining("compute.node.saver-token is not set");
        // a refusal is configuration, not an outage: no retries
        assertThat(this.authorizations).containsExactly("null");
    }

    @Test
    void anUnknownTokenIsNamedAsTheCause() {
        ElectionCatalog catalog = new ElectionCatalog(new SaverElections(this.saverUrl, "wrong"), 10, Long.MAX_VALUE);

        assertThatExceptionOfType(ElectionCatalog.ElectionUnavailableException.class).isThrownBy(() -> catalog.model("e1"))
                .withMessageContaining("does not know the token in compute.node.saver-token");
        assertThat(this.authorizations).containsExactly("Bearer wrong");
    }

    @Test
    void aTokenWithoutTheViewerRoleIsNamedAsTheCause() {
        ElectionCatalog catalog = new ElectionCatalog(new SaverElections(this.saverUrl, "no-role-token"), 10, Long.MAX_VALUE);

        assertThatExceptionOfType(ElectionCatalog.ElectionUnavailableException.class).isThrownBy(() -> catalog.model("e1"))
                .withMessageContaining("(403)").withMessageContaining("compute.node.saver-token lacks the viewer role");
        assertThat(this.authorizations).hasSize(1);
    }

    @Test
    void anElectionSaverServiceDoesNotHaveIsUnavailableAtOnce() {
        ElectionCatalog catalog = new ElectionCatalog(new SaverElections(this.saverUrl, TOKEN), 10, Long.MAX_VALUE);

        assertThatExceptionOfType(ElectionCatalog.ElectionUnavailableException.class).isThrownBy(() -> catalog.model("missing"))
                .withMessage("election 'missing' is unknown to saver-service at " + this.saverUrl);
        assertThat(this.authorizations).hasSize(1);
    }

    @Test
    void aServerErrorIsAnOutageNamedByItsStatusOnly() {
        ElectionCatalog catalog = new ElectionCatalog(new SaverElections(this.saverUrl, "overloaded"), 10, Long.MAX_VALUE);

        assertThatExceptionOfType(ElectionCatalog.SaverUnavailableException.class).isThrownBy(() -> catalog.model("e1"))
                .withMessage("saver-service unavailable: " + this.saverUrl + " answered 503");
        assertThat(this.authorizations).hasSize(1);
    }

    @Test
    void aRefusedConnectionIsAnOutageAndTheBatchWaits() throws IOException {
        URI nobody;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        JobProcessor processor = new JobProcessor(JsonMapper.builder().build(),
                new ElectionCatalog(new SaverElections(nobody, TOKEN), 10, Long.MAX_VALUE), "node-1");

        JobProcessor.Outcome outcome = processor.process(
                "{\"jobId\":\"j1\",\"batchIndex\":0,\"electionId\":\"e1\",\"firstIndex\":0,\"answers\":[[0,0]]}".getBytes(), null);

        assertThat(outcome).isInstanceOfSatisfying(JobProcessor.Outcome.Retry.class, retry -> assertThat(retry.reason())
                .startsWith("saver-service unavailable: " + nobody + " unreachable (ConnectException"));
    }

    @Test
    void aRefusedFetchMakesTheBatchPoisonWithTheReason() {
        JobProcessor processor = new JobProcessor(JsonMapper.builder().build(),
                new ElectionCatalog(new SaverElections(this.saverUrl, null), 10, Long.MAX_VALUE), "node-1");

        JobProcessor.Outcome outcome = processor.process(
                "{\"jobId\":\"j1\",\"batchIndex\":0,\"electionId\":\"e1\",\"firstIndex\":0,\"answers\":[[0,0]]}".getBytes(), null);

        assertThat(outcome).isInstanceOfSatisfying(JobProcessor.Outcome.Poison.class,
                poison -> assertThat(poison.reason()).startsWith("unknown election: ").contains("compute.node.saver-token"));
    }
}
