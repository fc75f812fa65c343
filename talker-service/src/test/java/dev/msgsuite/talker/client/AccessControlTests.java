package dev.msgsuite.talker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.talker.settings.TalkerProperties;
import dev.msgsuite.talker.TalkerServer;
import dev.msgsuite.talker.support.LineClient;
import dev.msgsuite.talker.support.TestServers;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operator commands over real TCP: who may use them, the throttle, and where peers may be linked. */
class AccessControlTests {

    @Test
    void withoutAnOperatorPasswordNobodyMayUseOperatorCommands() throws Exception {
        try (TalkerServer server = TestServers.start(properties -> properties);
                LineClient alice = LineClient.join(server.clientPort(), "alice");
                LineClient bob = LineClient.join(server.clientPort(), "bob")) {
            for (String command : List.of("/oper sesame", "/kill bob", "/peer-listen 127.0.0.1 0",
                    "/peer-connect 127.0.0.1 " + server.clientPort(), "/peer-kill 127.0.0.1 1")) {
                alice.clear();
                alice.send(command);
                alice.awaitLine("Operator commands are not available on this server");
            }
            alice.send("/peers");
            alice.awaitLine("There are 0 peers directly connected");
            assertThat(server.users()).containsExactlyInAnyOrder("alice", "bob");
            assertThat(bob.ended()).isFalse();
        }
    }

    @Test
    void wrongPasswordsAreRefusedThenThrottledAndTheRightOneWorksOnceTheWaitIsOver() throws Exception {
        try (TalkerServer server = TestServers.start(
                properties -> properties.withOperatorPasswordHash(TestServers.OPERATOR_PASSWORD_HASH));
                LineClient mallory = LineClient.join(server.clientPort(), "mallory");
                LineClient bob = LineClient.join(server.clientPort(), "bob")) {
            for (String guess : List.of("password", "admin", "letmein")) {
                mallory.clear();
                mallory.send("/oper " + guess);
                mallory.awaitLine("Wrong operator password");
            }
            mallory.send("/oper " + TestServers.OPERATOR_PASSWORD);
            mallory.awaitLine("Too many wrong operator passwords from your address: try again in 1 s");
            mallory.send("/kill bob");
            mallory.awaitLine("Permission denied: /kill needs operator rights (/oper <password>)");

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                mallory.send("/oper " + TestServers.OPERATOR_PASSWORD);
                assertThat(mallory.lines()).contains("You are now an operator");
            });
            mallory.send("/kill bob");
            bob.awaitLine("You have been killed by mallory");
            assertThat(server.metrics().operatorLogins("wrong")).isEqualTo(3);
            assertThat(server.metrics().operatorLogins("granted")).isOne();
        }
    }

    @Test
    void peerListenStaysOnLoopbackUnlessConfigurationAllowsMore() throws Exception {
        try (TalkerServer server = TestServers.start(
                properties -> properties.withOperatorPasswordHash(TestServers.OPERATOR_PASSWORD_HASH));
                LineClient operator = LineClient.join(server.clientPort(), "op").oper(TestServers.OPERATOR_PASSWORD)) {
            operator.send("/peer-listen 0.0.0.0 0");
            operator.awaitLine(
                    "Refused: peers may only be accepted on 127.0.0.1, ::1 (talker.peers.allowed-listen-hosts)");
            operator.send("/peer-listen 127.0.0.1 0");
            operator.awaitLine(line -> line.startsWith("Listening for peers on 127.0.0.1:"));
        }
        try (TalkerServer open = TestServers.start(properties -> properties
            .withOperatorPasswordHash(TestServers.OPERATOR_PASSWORD_HASH)
            .withPeers(properties.peers().withAllowedHosts(List.of("0.0.0.0"), List.of())));
                LineClient operator = LineClient.join(open.clientPort(), "op").oper(TestServers.OPERATOR_PASSWORD)) {
            operator.send("/peer-listen 0.0.0.0 0");
            operator.awaitLine(line -> line.startsWith("Listening for peers on 0.0.0.0:"));
        }
    }

    @Test
    void peerConnectDialsNoHostThatIsNotConfigured() throws Exception {
        try (ServerSocket database = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                TalkerServer server = TestServers.start(
                        properties -> properties.withOperatorPasswordHash(TestServers.OPERATOR_PASSWORD_HASH));
                LineClient operator = LineClient.join(server.clientPort(), "op").oper(TestServers.OPERATOR_PASSWORD)) {
            operator.send("/peer-connect 127.0.0.1 " + database.getLocalPort());
            operator.awaitLine("Refused: 127.0.0.1:" + database.getLocalPort()
                    + " is not a configured peer (talker.peers.connect) nor allowed by talker.peers.allowed-connect-hosts");
            operator.send("/peers");
            operator.awaitLine("There are 0 peers directly connected");
            assertThat(operator.lines()).noneMatch(line -> line.startsWith("Linked") || line.startsWith("Cannot link"));
        }
    }

    @Test
    void operatorCommandsAreNotOfferedToAnonymousUsersOfAProtectedServer() throws Exception {
        TalkerProperties.Peers peers = TestServers.peerSettings(null);
        try (TalkerServer server = TestServers.start(properties -> properties
            .withOperatorPasswordHash(TestServers.OPERATOR_PASSWORD_HASH).withPeers(peers));
                LineClient alice = LineClient.join(server.clientPort(), "alice")) {
            alice.send("/peer-connect 127.0.0.1 " + server.peerPort());
            alice.awaitLine("Permission denied: /peer-connect needs operator rights (/oper <password>)");
            alice.send("/peer-kill 127.0.0.1 " + server.peerPort());
            alice.awaitLine("Permission denied: /peer-kill needs operator rights (/oper <password>)");
            assertThat(server.reachable()).containsExactly(server.serverId());
        }
    }
}
