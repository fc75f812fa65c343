package dev.msgsuite.talker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.talker.settings.TalkerProperties;
import dev.msgsuite.talker.support.LineClient;
import dev.msgsuite.talker.support.TestServers;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real servers linked over TCP; one of them takes every attack on its client and peer ports
 * at once (with small caps so the floods pass them), then must still serve well-behaved users.
 */
class TalkerHostileClientsTests {

    private static final int MAX_CLIENTS = 40;

    private static final int MAX_CLIENTS_PER_ADDRESS = 10;

    private static final int MAX_PEERS = 3;

    private static final int PEER_LINES_PER_SECOND = 200;

    private final List<AutoCloseable> resources = new ArrayList<>();

    private TalkerServer target;

    private TalkerServer other;

    @BeforeEach
    void startTwoLinkedServers() throws Exception {
        this.other = TestServers.peerable("hostile-b", null);
        this.resources.add(this.other);
        int otherPeerPort = this.other.peerPort();
        this.target = TestServers.start(properties -> properties.withServerId("hostile-a")
            .withLimits(TestServers.limits(1024, 20, 40, 65536, Duration.ofMinutes(5))
                .withCaps(MAX_CLIENTS, MAX_CLIENTS_PER_ADDRESS, MAX_PEERS, PEER_LINES_PER_SECOND))
            .withPeers(new TalkerProperties.Peers("127.0.0.1", 0, List.of("127.0.0.1:" + otherPeerPort), null,
                    Duration.ofMillis(50), Duration.ofMillis(500), 65536, 4 * 1024 * 1024)));
        this.resources.add(this.target);
        await().untilAsserted(() -> assertThat(this.target.reachable()).containsExactlyInAnyOrder("hostile-a", "hostile-b"));
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable resource : this.resources.reversed()) {
            resource.close();
        }
    }

    @Test
    void survivesEveryAttackAndStillServesWellBehavedUsersExactly() throws Exception {
        LineClient alice = keep(LineClient.joinFrom("127.0.0.2", this.target.clientPort(), "alice"));
        LineClient bob = keep(LineClient.join(this.other.clientPort(), "bob"));

        connectionFlood();
        httpRequest();
        oversizedAndInvalidLines();
        roguePeer();
        peerConnectionFlood();

        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        assertThat(heap.getUsed()).isLessThan(heap.getMax());
        await().untilAsserted(() -> assertThat(this.target.users()).containsExactly("alice"));
        await().untilAsserted(() -> assertThat(this.target.reachable()).containsExactlyInAnyOrder("hostile-a", "hostile-b"));

        alice.clear();
        bob.clear();
        for (int i = 0; i < 30; i++) {
            alice.send("from alice " + i);
            bob.send("from bob " + i);
        }
        alice.awaitLine("bob: from bob 29");
        bob.awaitLine("alice: from alice 29");
        alice.awaitLine("alice: from alice 29");
        for (int i = 0; i < 30; i++) {
            assertThat(Collections.frequency(alice.lines(), "bob: from bob " + i)).as("bob's line %d at alice", i).isOne();
            assertThat(Collections.frequency(bob.lines(), "alice: from alice " + i)).as("alice's line %d at bob", i).isOne();
        }
        assertThat(alice.lines()).noneMatch(line -> line.contains("forged") || line.startsWith("Error"));

        alice.clear();
        alice.send("/who");
        alice.awaitLine("There are 2 users online on 2 servers:");
        alice.awaitLine("    bob");
        assertThat(alice.lines()).noneMatch(line -> line.startsWith("Partial"));
    }

    /** Past the per-address cap from one address, then past the total cap from several. */
    private void connectionFlood() throws Exception {
        List<LineClient> flood = new ArrayList<>();
        for (int i = 0; i < MAX_CLIENTS_PER_ADDRESS + 5; i++) {
            flood.add(LineClient.connect(this.target.clientPort()));
        }
        await().untilAsserted(() -> assertThat(this.target.metrics().clientsRefused("max-clients-per-address")).isEqualTo(5));
        // alice and 10 from 127.0.0.1 hold 11 of the 40 places.
        for (int address = 10; address < 14; address++) {
            for (int i = 0; i < MAX_CLIENTS_PER_ADDRESS; i++) {
                flood.add(LineClient.connectFrom("127.0.0." + address, this.target.clientPort()));
            }
        }
        await().untilAsserted(() -> assertThat(this.target.metrics().clientsRefused("max-clients")).isEqualTo(11));
        await().untilAsserted(() -> assertThat(flood.stream().filter(LineClient::ended).count()).isEqualTo(16));
        assertThat(flood.stream().filter(LineClient::ended).flatMap(client -> client.lines().stream()))
            .containsOnly("Error: too many connections from your address (at most 10)",
                    "Error: the server is full (40 clients); try again later");
        await().untilAsserted(() -> assertThat(this.target.users()).hasSize(MAX_CLIENTS));
        for (LineClient client : flood) {
            client.close();
        }
        await().untilAsserted(() -> assertThat(this.target.users()).containsExactly("alice"));
    }

    private void httpRequest() throws Exception {
        try (LineClient browser = LineClient.connectFrom("127.0.0.5", this.target.clientPort())) {
            browser.sendRaw("GET / HTTP/1.1\r\nHost: talker\r\nUser-Agent: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            await().untilAsserted(() -> assertThat(browser.ended()).isTrue());
            assertThat(browser.lines()).containsExactly("Error: this is a line-based talker, not an HTTP server");
        }
        assertThat(this.target.metrics().clientsDisconnected("http")).isOne();
    }

    private void oversizedAndInvalidLines() throws Exception {
        try (LineClient mallory = LineClient.joinFrom("127.0.0.6", this.target.clientPort(), "mallory")) {
            mallory.sendRaw(("x".repeat(1025) + "\n").getBytes(StandardCharsets.US_ASCII));
            mallory.sendRaw(("y".repeat(200_000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            mallory.sendRaw(new byte[] { (byte) 0xff, (byte) 0xfe, 'h', 'i', '\r', '\n' });
            mallory.sendRaw(new byte[] { 'a', 0x1b, '[', '2', 'J', '\r', '\n' });
            mallory.send("still here");
            mallory.awaitLine("mallory: still here");
            assertThat(mallory.lines()).containsSubsequence("Error: line longer than 1024 bytes; line ignored",
                    "Error: line longer than 1024 bytes; line ignored", "Error: line is not valid UTF-8; line ignored",
                    "Error: line contains control characters; line ignored", "mallory: still here");
        }
    }

    /** Forged message ids for the other server, over-long neighbour lists, then a line flood. */
    private void roguePeer() throws Exception {
        try (LineClient rogue = LineClient.connect(this.target.peerPort())) {
            double linesBefore = this.target.metrics().peerLinesInCount();
            rogue.send("!rogue|1|TopologyObserver|i-am|");
            await().untilAsserted(() -> assertThat(this.target.reachable()).contains("rogue"));
            rogue.send("hostile-b|9223372036854775807|SpeechObserver|SAY|bob|forged");
            rogue.send("hostile-b|" + (System.currentTimeMillis() + 60_000) * 1000 + "|SpeechObserver|SAY|bob|forged");
            StringBuilder neighbours = new StringBuilder("hostile-a");
            for (int i = 0; i < 1000; i++) {
                neighbours.append(";ghost").append(i);
            }
            rogue.send("rogue|2|TopologyObserver|i-see|" + neighbours);
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                flood.append("rogue|").append(3 + i).append("|FutureObserver|noise|").append(i).append("\r\n");
            }
            rogue.sendRaw(flood.toString().getBytes(StandardCharsets.US_ASCII));
            // Every line counts in, whether handled or dropped over the rate.
            await().untilAsserted(() -> assertThat(this.target.metrics().peerLinesInCount() - linesBefore)
                .isGreaterThanOrEqualTo(5004));
            assertThat(this.target.metrics().peerLinesRefused("rate")).isPositive();
            assertThat(this.target.reachable()).as("the flooding link is kept").contains("rogue");
            assertThat(this.target.metrics().malformedDroppedCount()).isEqualTo(2);
            assertThat(this.target.metrics().peerLinesRefused("ahead-of-source")).isOne();
            assertThat(this.target.reachable()).doesNotContain("ghost0");
        }
        await().untilAsserted(() -> assertThat(this.target.reachable()).doesNotContain("rogue"));
    }

    /** One dialled peer and room for two more: the third and fourth are closed at once. */
    private void peerConnectionFlood() throws Exception {
        List<LineClient> peers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            peers.add(LineClient.connect(this.target.peerPort()));
        }
        await().untilAsserted(() -> assertThat(this.target.metrics().peersRefused("max-peers")).isEqualTo(2));
        await().untilAsserted(() -> assertThat(peers.stream().filter(LineClient::ended).count()).isEqualTo(2));
        for (LineClient peer : peers) {
            peer.close();
        }
    }

    private LineClient keep(LineClient client) {
        this.resources.add(client);
        return client;
    }
}
