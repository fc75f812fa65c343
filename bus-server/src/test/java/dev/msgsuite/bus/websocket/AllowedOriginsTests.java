package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.skillbus.protocol.Subprotocol;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Browser origins listed in skillbus.allowed-origins may open the bus besides its own; every other origin gets 403. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "skillbus.allowed-origins=https://*.trusted.example,http://dashboard.example:8080")
class AllowedOriginsTests {

    @LocalServerPort
    int port;

    private URI ws() {
        return URI.create("ws://localhost:" + this.port + "/ws");
    }

    @Test
    void listedOriginsTheBusOwnOriginAndClientsWithoutOriginMayConnect() {
        for (String origin : new String[] { "https://app.trusted.example", "http://dashboard.example:8080",
                "http://localhost:" + this.port }) {
            try (TestClient client = TestClient.connect(ws(), Subprotocol.V2, Map.of("Origin", origin))) {
                assertThat(client.isClosed()).as(origin).isFalse();
            }
        }
        try (TestClient client = TestClient.connect(ws(), Subprotocol.V2, Map.of())) {
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void otherOriginsAreRefusedWith403() {
        for (String origin : new String[] { "http://evil.example", "https://trusted.example.evil.example",
                "http://app.trusted.example", "http://dashboard.example", "null" }) {
            assertThat(TestClient.refusedHandshake(ws(), null, Map.of("Origin", origin))).as(origin).isEqualTo(403);
            assertThat(TestClient.refusedHandshake(URI.create("ws://localhost:" + this.port + "/"), null, Map.of("Origin", origin)))
                    .as(origin + " at /").isEqualTo(403);
        }
    }
}
