package dev.msgsuite.bus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.bus.websocket.TestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Nothing configured: the bus runs open for local development, websocket and HTTP alike. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "suite.test.credentials=false")
@AutoConfigureRestTestClient
class OpenBusTests {

    @LocalServerPort
    int port;

    @Autowired
    RestTestClient http;

    @Autowired
    BusAccess access;

    @Test
    void withoutTokensOrUsersTheBusSaysItIsOpen() {
        assertThat(this.access.open()).isTrue();
        assertThat(this.access.mode()).isEqualTo("open");
        assertThat(this.access.openWarning()).contains("OPEN", "'#'", "skillbus.auth.tokens");
    }

    @Test
    void anyoneMayConnectAndReadTheApiAndTheStatusPage() {
        try (TestClient client = TestClient.v2(this.port)) {
            assertThat(client.isClosed()).isFalse();
        }
        this.http.get().uri("/api/clients").exchange().expectStatus().isOk();
        this.http.get().uri("/api/skills").exchange().expectStatus().isOk();
        this.http.get().uri("/status.html").exchange().expectStatus().isOk();
    }

    @Test
    void pathsOutsideTheTableStayRefused() {
        this.http.get().uri("/api/sessions").exchange().expectStatus().isUnauthorized();
    }
}
