package dev.msgsuite.talker.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.talker.settings.TalkerProperties;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where /peer-listen may bind and /peer-connect may dial. */
class PeerPolicyTests {

    private final PeerPolicy defaults = PeerPolicy.of(TalkerProperties.defaults().peers());

    private final PeerPolicy configured = new PeerPolicy(List.of("127.0.0.1", "::1", "10.1.2.3"),
            List.of("talker-2:8890", "[fd00::7]:8890"), List.of("*.talker.svc.cluster.local", "10.9.*:8890"));

    @ParameterizedTest(name = "{0} allowed: {1}")
    @CsvSource({
        "127.0.0.1, true", "::1, true", "[::1], true", "0:0:0:0:0:0:0:1, true", "127.1, true",
        "0.0.0.0, false", "0, false", "::, false", "localhost, false", "192.168.1.5, false", "10.1.2.3, false" })
    void listenIsLoopbackByDefault(String host, boolean allowed) {
        assertThat(this.defaults.refuseListen(host, 8890) == null).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} allowed: {1}")
    @CsvSource({ "10.1.2.3, true", "0.0.0.0, false" })
    void listenMayBeAllowedElsewhere(String host, boolean allowed) {
        assertThat(this.configured.refuseListen(host, 0) == null).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0}:{1} allowed: {2}")
    @CsvSource({
        "talker-2, 8890, true", "TALKER-2, 8890, true", "talker-2, 8891, false", "fd00::7, 8890, true",
        "[fd00:0::7], 8890, true", "talker-1.talker.svc.cluster.local, 5432, true",
        "talker.svc.cluster.local, 8890, false", "10.9.0.4, 8890, true", "10.9.0.4, 5432, false",
        "postgres, 5432, false", "169.254.169.254, 80, false", "127.0.0.1, 8890, false" })
    void connectOnlyToConfiguredPeersOrAllowedPatterns(String host, int port, boolean allowed) {
        assertThat(this.configured.refuseConnect(host, port) == null).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "127.0.0.1", "localhost", "postgres" })
    void connectIsRefusedEverywhereByDefault(String host) {
        assertThat(this.defaults.refuseConnect(host, 8890))
            .isEqualTo("Refused: " + host + ":8890 is not a configured peer (talker.peers.connect) "
                    + "nor allowed by talker.peers.allowed-connect-hosts");
    }
}
