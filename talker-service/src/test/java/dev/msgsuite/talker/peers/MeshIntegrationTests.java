package dev.msgsuite.talker.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.talker.TalkerServer;
import dev.msgsuite.talker.support.LineClient;
import dev.msgsuite.talker.support.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several real servers in this JVM, linked over real TCP peer links. */
class MeshIntegrationTests {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable resource : this.resources.reversed()) {
            resource.close();
        }
    }

    @Test
    void aChainOfFourDeliversSpeechOnceAndAnswersWhoAndTellEndToEnd() throws Exception {
        List<TalkerServer> servers = servers(null, "c1", "c2", "c3", "c4");
        link(servers.get(0), servers.get(1));
        link(servers.get(1), servers.get(2));
        link(servers.get(2), servers.get(3));
        awaitFullyConnected(servers);
        List<LineClient> users = users(servers);

        users.getFirst().send("from the first");
        users.getLast().send("from the last");
        awaitExactlyOnce(users, "user1: from the first", "user4: from the last");

        LineClient first = users.getFirst();
        first.clear();
        first.send("/who");
        first.awaitLine(line -> line.matches("There are \\d+ users online on 4 servers:"));
        first.awaitLine("  Server: c4");
        first.awaitLine("    user4");

        first.send("/tell user4 psst");
        users.getLast().awaitLine("user1 whispers: psst");
        first.awaitLine("You whisper to user4: psst");

        first.send("/reachable");
        first.awaitLine("There are 3 reachable peers:");
    }

    @Test
    void aTriangleDeliversEachLineExactlyOnceAndDropsTheCopies() throws Exception {
        List<TalkerServer> servers = servers(null, "t1", "t2", "t3");
        link(servers.get(0), servers.get(1));
        link(servers.get(1), servers.get(2));
        link(servers.get(2), servers.get(0));
        awaitFullyConnected(servers);
        List<LineClient> users = users(servers);

        for (int i = 0; i < 10; i++) {
            users.get(i % 3).send("line " + i);
        }

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("user" + (i % 3 + 1) + ": line " + i);
        }
        awaitExactlyOnce(users, expected.toArray(String[]::new));
        assertThat(servers.stream().mapToDouble(server -> server.metrics().duplicatesDroppedCount()).sum())
            .isPositive();
    }

    @Test
    void aSquareWithADiagonalConvergesWhenLinksAreCutAndRestored() throws Exception {
        List<TalkerServer> servers = servers(null, "s1", "s2", "s3", "s4");
        TalkerServer s1 = servers.get(0);
        TalkerServer s2 = servers.get(1);
        TalkerServer s3 = servers.get(2);
        TalkerServer s4 = servers.get(3);
        LineClient op1 = link(s1, s2);
        link(s2, s3);
        LineClient op3 = link(s3, s4);
        LineClient op4 = link(s4, s1);
        link(s1, s3);
        awaitFullyConnected(servers);

        // The diagonal's loss leaves a ring: nothing becomes unreachable.
        op1.send("/peer-kill 127.0.0.1 " + s3.peerPort());
        op1.awaitLine("Dropped peer 127.0.0.1:" + s3.peerPort());
        // Cutting s4 off the ring isolates it.
        op3.send("/peer-kill 127.0.0.1 " + s4.peerPort());
        op4.send("/peer-kill 127.0.0.1 " + s1.peerPort());
        await().untilAsserted(() -> {
            assertThat(s4.reachable()).containsExactly("s4");
            for (TalkerServer server : List.of(s1, s2, s3)) {
                assertThat(server.reachable()).containsExactlyInAnyOrder("s1", "s2", "s3");
            }
        });
        List<LineClient> users = users(servers);
        users.get(3).send("alone on s4");
        users.get(0).send("the three of us");
        awaitExactlyOnce(users.subList(0, 3), "user1: the three of us");
        users.get(3).awaitLine("user4: alone on s4");
        assertThat(users.get(0).lines()).doesNotContain("user4: alone on s4");

        op4.send("/peer-connect 127.0.0.1 " + s1.peerPort());
        op4.awaitLine("Linked to peer 127.0.0.1:" + s1.peerPort());
        awaitFullyConnected(servers);

        users.get(3).send("back again");
        awaitExactlyOnce(users, "user4: back again");
        users.get(3).send("/who");
        users.get(3).awaitLine(line -> line.matches("There are \\d+ users online on 4 servers:"));
    }

    @Test
    void aDroppedLinkToAConfiguredPeerIsRedialledWithBackoff() throws Exception {
        TalkerServer hub = track(TestServers.peerable("hub", null));
        int hubPort = hub.peerPort();
        TalkerServer spoke = track(TestServers.start(properties -> properties.withServerId("spoke")
            .withPeers(new dev.msgsuite.talker.settings.TalkerProperties.Peers("127.0.0.1", null,
                    List.of("127.0.0.1:" + hubPort), null, Duration.ofMillis(50), Duration.ofMillis(500), 65536,
                    1 << 22))));
        awaitFullyConnected(List.of(hub, spoke));

        LineClient operator = track(LineClient.connect(hub.clientPort())).oper(TestServers.OPERATOR_PASSWORD);
        operator.send("/peers");
        String incoming = operator.awaitLine(line -> line.endsWith(" (incoming) spoke")).strip();
        String address = incoming.substring(0, incoming.indexOf(' '));
        operator.send("/peer-kill " + address.replace(':', ' '));
        operator.awaitLine("Dropped peer " + address);

        awaitFullyConnected(List.of(hub, spoke));
        operator.clear();
        operator.send("/peers");
        operator.awaitLine(line -> line.endsWith(" (incoming) spoke") && !line.strip().startsWith(address + " "));
    }

    @Test
    void peersWithTheSharedSecretLinkAndOthersAreRefused() throws Exception {
        TalkerServer a = track(TestServers.peerable("sa", "open sesame"));
        TalkerServer b = track(TestServers.peerable("sb", "open sesame"));
        TalkerServer intruder = track(TestServers.peerable("si", "guess"));
        link(a, b);
        awaitFullyConnected(List.of(a, b));

        LineClient mallory = track(LineClient.connect(intruder.clientPort())).oper(TestServers.OPERATOR_PASSWORD);
        mallory.send("/peer-connect 127.0.0.1 " + a.peerPort());
        mallory.awaitLine("Linked to peer 127.0.0.1:" + a.peerPort());
        LineClient plain = track(LineClient.connect(a.peerPort()));
        plain.awaitLine(line -> line.startsWith("?auth-nonce "));
        plain.send("!evil|1|TopologyObserver|i-am|");

        await().untilAsserted(() -> assertThat(plain.ended()).isTrue());
        await().untilAsserted(() -> assertThat(a.metrics().peersRefused()).isGreaterThanOrEqualTo(2));
        assertThat(plain.lines()).noneMatch(line -> line.contains("TopologyObserver"));
        assertThat(a.reachable()).containsExactlyInAnyOrder("sa", "sb");
        assertThat(intruder.reachable()).containsExactly("si");
    }

    @Test
    void aSilentPeerLinkIsDroppedWhileHeartbeatsKeepLiveLinksUp() throws Exception {
        TalkerServer a = track(TestServers.start(properties -> properties.withServerId("ha")
            .withOperatorPasswordHash(TestServers.OPERATOR_PASSWORD_HASH)
            .withPeers(TestServers.peerSettings(null).withLiveness(Duration.ofMillis(100), Duration.ofMillis(1500)))));
        TalkerServer b = track(TestServers.start(properties -> properties.withServerId("hb")
            .withOperatorPasswordHash(TestServers.OPERATOR_PASSWORD_HASH)
            .withPeers(TestServers.peerSettings(null).withLiveness(Duration.ofMillis(100), Duration.ofMillis(1500)))));
        link(a, b);
        awaitFullyConnected(List.of(a, b));

        LineClient halfOpen = track(LineClient.connect(a.peerPort()));
        halfOpen.awaitLine(line -> line.contains("|TopologyObserver|i-am|"));

        await().untilAsserted(() -> assertThat(halfOpen.ended()).isTrue());
        // Heartbeats went by on the live link well past the idle timeout.
        assertThat(halfOpen.lines()).anyMatch(line -> line.startsWith("ha|") && line.contains("|i-see|"));
        assertThat(a.reachable()).containsExactlyInAnyOrder("ha", "hb");
        assertThat(b.metrics().peers()).isEqualTo(1);
    }

    private List<TalkerServer> servers(String secret, String... ids) throws Exception {
        List<TalkerServer> servers = new ArrayList<>();
        for (String id : ids) {
            servers.add(track(TestServers.peerable(id, secret)));
        }
        return servers;
    }

    /** Links {@code from} to {@code to} with /peer-connect typed by an operator of {@code from}. */
    private LineClient link(TalkerServer from, TalkerServer to) throws Exception {
        LineClient operator = track(LineClient.connect(from.clientPort())).oper(TestServers.OPERATOR_PASSWORD);
        operator.send("/peer-connect 127.0.0.1 " + to.peerPort());
        operator.awaitLine("Linked to peer 127.0.0.1:" + to.peerPort());
        return operator;
    }

    private List<LineClient> users(List<TalkerServer> servers) throws Exception {
        List<LineClient> users = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            users.add(track(LineClient.join(servers.get(i).clientPort(), "user" + (i + 1))));
        }
        for (LineClient user : users) {
            user.clear();
        }
        return users;
    }

    private static void awaitFullyConnected(List<TalkerServer> servers) {
        Set<String> all = servers.stream().map(TalkerServer::serverId).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (TalkerServer server : servers) {
                assertThat(server.reachable()).as(server.serverId()).containsExactlyInAnyOrderElementsOf(all);
            }
        });
    }

    /**
     * Every client gets every line; then a last line sent behind them by every server proves that
     * no late copy was still on its way.
     */
    private static void awaitExactlyOnce(List<LineClient> users, String... lines) throws Exception {
        for (LineClient user : users) {
            for (String line : lines) {
                user.awaitLine(line);
            }
        }
        for (int i = 0; i < users.size(); i++) {
            users.get(i).send("/me closes round " + i);
        }
        for (LineClient user : users) {
            for (int i = 0; i < users.size(); i++) {
                String closing = "closes round " + i;
                user.awaitLine(line -> line.endsWith(closing));
            }
            for (String line : lines) {
                assertThat(Collections.frequency(user.lines(), line)).as(line).isOne();
            }
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        this.resources.add(resource);
        return resource;
    }
}
