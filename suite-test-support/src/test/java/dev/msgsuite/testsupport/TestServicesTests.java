package dev.msgsuite.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class TestServicesTests {

    @Test
    void autoFollowsWhetherADockerEngineAnswers() {
        assertThat(TestServices.decide("auto", () -> true)).isTrue();
        assertThat(TestServices.decide("AUTO", () -> false)).isFalse();
    }

    @Test
    void anExplicitChoiceWinsOverDetection() {
        assertThat(TestServices.decide("local", () -> true)).isFalse();
        assertThat(TestServices.decide("docker", () -> false)).isTrue();
    }

    @Test
    void anUnknownChoiceIsRejectedWithTheAllowedValues() {
        assertThatIllegalStateException().isThrownBy(() -> TestServices.decide("podman", () -> true))
                .withMessageContaining("docker, local or auto").withMessageContaining("podman");
    }

    @Test
    void aMissingLocalServiceFailsWithWhatIsMissingAndHowToStartIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int closedPort = port;
        assertThatIllegalStateException()
                .isThrownBy(() -> TestServices.requireListening("RabbitMQ", "127.0.0.1", closedPort, "start it like so"))
                .withMessageContaining("no RabbitMQ at 127.0.0.1:" + closedPort).withMessageContaining("start it like so");
    }

    @Test
    void aListeningServiceIsAccepted() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            TestServices.requireListening("PostgreSQL", "127.0.0.1", socket.getLocalPort(), "unused");
        }
    }
}
