package dev.msgsuite.tuplespace;

import dev.msgsuite.testsupport.PostgresTestDatabase;
import dev.msgsuite.testsupport.TestCredentials;
import dev.msgsuite.tuplespace.client.TupleSpaceClient;
import dev.msgsuite.tuplespace.space.TupleSpace;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The one application context of the integration tests (the actuator contract's too): the service
 * on a fresh PostgreSQL database, and on demand a {@link SecondInstance} on the same database.
 * Each test uses spaces of its own ({@link #newSpace}); clients opened with {@link #client} are
 * closed after each test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import({ PostgresTestDatabase.class, SecondInstance.Configuration.class })
public abstract class TupleSpaceContext {

    @Autowired
    protected RestTestClient http;

    @Autowired
    protected SecondInstance second;

    @Value("${local.server.port}")
    protected int port;

    private final List<TupleSpaceClient> clients = new ArrayList<>();

    @Autowired
    private TupleSpace tupleSpace;

    @AfterEach
    protected void closeClients() {
        this.clients.forEach(TupleSpaceClient::close);
        this.clients.clear();
        // a closed client's waits end asynchronously: the next test starts with none
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> this.tupleSpace.waitingTakers() == 0 && this.tupleSpace.waitingReaders() == 0);
    }

    /** A client of this instance that authenticates as {@code role}'s API token. */
    protected TupleSpaceClient client(TestCredentials.Role role) {
        return keep(TupleSpaceClient.connectWithToken(webSocket(this.port), role.token()));
    }

    /** A client of the second instance (started on first use). */
    protected TupleSpaceClient clientOfSecond(TestCredentials.Role role) {
        return keep(TupleSpaceClient.connectWithToken(webSocket(this.second.port()), role.token()));
    }

    protected TupleSpaceClient keep(TupleSpaceClient client) {
        this.clients.add(client);
        return client;
    }

    protected RestTestClient as(TestCredentials.Role role) {
        return this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, role.bearer()).build();
    }

    protected static URI webSocket(int port) {
        return URI.create("ws://localhost:" + port + "/ws");
    }

    /** A space name no other test uses, within the grants every test role has ({@code t-*}). */
    protected static String newSpace() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
