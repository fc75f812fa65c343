package dev.msgsuite.talker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.talker.TalkerServer;
import dev.msgsuite.talker.support.LineClient;
import dev.msgsuite.talker.support.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real TCP clients against a real server. */
class ClientProtocolTests {

    private static TalkerServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServers.start(properties -> properties.withOperatorPasswordHash(TestServers.OPERATOR_PASSWORD_HASH)
            .withLimits(TestServers.limits(100, 20, 40, 65536, Duration.ofMinutes(5))));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void speechReachesOtherClientsWithCrlfOrBareLf() throws Exception {
        try (LineClient alice = LineClient.join(server.clientPort(), "alice1");
                LineClient bob = LineClient.join(server.clientPort(), "bob1")) {
            alice.send("hello with crlf");
            alice.sendRaw("bare lf too\n".getBytes(StandardCharsets.UTF_8));
            alice.send("unicode: héllo ✓");

            bob.awaitLine("alice1: hello with crlf");
            bob.awaitLine("alice1: bare lf too");
            bob.awaitLine("alice1: unicode: héllo ✓");
            alice.awaitLine("alice1: unicode: héllo ✓");
        }
    }

    @Test
    void leavingIsAnnounced() throws Exception {
        try (LineClient alice = LineClient.join(server.clientPort(), "alice2")) {
            LineClient bob = LineClient.join(server.clientPort(), "bob2");
            bob.send("/quit");
            bob.awaitLine("Bye, bob2");
            alice.awaitLine("bob2 has left");
            await().untilAsserted(() -> assertThat(bob.ended()).isTrue());
            bob.close();
        }
    }

    @Test
    void anInvalidUtf8LineGetsAnErrorAndTheConnectionStays() throws Exception {
        try (LineClient alice = LineClient.join(server.clientPort(), "alice3")) {
            alice.sendRaw(new byte[] { 'b', 'a', 'd', (byte) 0xC3, 0x28, '\r', '\n' });
            alice.awaitLine("Error: line is not valid UTF-8; line ignored");

            alice.send("still here");
            alice.awaitLine("alice3: still here");
        }
    }

    @Test
    void aTooLongLineGetsAnErrorAndTheNextLineCounts() throws Exception {
        try (LineClient alice = LineClient.join(server.clientPort(), "alice4")) {
            alice.send("x".repeat(500));
            alice.awaitLine("Error: line longer than 100 bytes; line ignored");

            alice.send("short again");
            alice.awaitLine("alice4: short again");
            assertThat(alice.lines()).noneMatch(line -> line.contains("xxxxx"));
        }
    }

    @Test
    void binaryGarbageDisturbsNobody() throws Exception {
        try (LineClient alice = LineClient.join(server.clientPort(), "alice5");
                LineClient mallory = LineClient.connect(server.clientPort())) {
            byte[] garbage = new byte[20_000];
            new Random(42).nextBytes(garbage);
            mallory.sendRaw(garbage);
            mallory.send("");
            mallory.awaitLine(line -> line.startsWith("Error: "));

            alice.send("/who");
            alice.awaitLine(line -> line.startsWith("There are "));
            alice.send("fine");
            alice.awaitLine("alice5: fine");
        }
    }

    @Test
    void aFloodIsCutToTheRateLimitWithAWarning() throws Exception {
        try (LineClient flooder = LineClient.join(server.clientPort(), "flooder");
                LineClient bob = LineClient.join(server.clientPort(), "bob6")) {
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                flood.append("flood ").append(i).append("\r\n");
            }
            flooder.sendRaw(flood.toString().getBytes(StandardCharsets.UTF_8));

            flooder.awaitLine(line -> line.startsWith("Error: slow down, at most 20 lines per second; "));
            bob.awaitLine("flooder: flood 0");
            // The flooder has no tokens left; bob's /who is the barrier behind the accepted lines.
            bob.send("/who");
            bob.awaitLine(line -> line.startsWith("There are"));
            long heard = bob.lines().stream().filter(line -> line.startsWith("flooder: flood ")).count();
            assertThat(heard).isBetween(30L, 80L);
        }
    }

    @Test
    void operatorCommandsNeedThePassword() throws Exception {
        try (LineClient alice = LineClient.join(server.clientPort(), "alice7");
                LineClient bob = LineClient.join(server.clientPort(), "bob7")) {
            alice.send("/kill bob7");
            alice.awaitLine("Permission denied: /kill needs operator rights (/oper <password>)");
            alice.send("/peer-listen 127.0.0.1 0");
            alice.awaitLine("Permission denied: /peer-listen needs operator rights (/oper <password>)");

            alice.send("/oper sesame");
            alice.awaitLine("You are now an operator");
            alice.send("/kill bob7");

            bob.awaitLine("You have been killed by alice7");
            await().untilAsserted(() -> assertThat(bob.ended()).isTrue());
            alice.awaitLine("bob7 has left");
        }
    }

    @Test
    void aClientThatDoesNotReadIsDisconnectedWithAReason() throws Exception {
        try (TalkerServer small = TestServers.start(properties -> properties
            .withLimits(TestServers.limits(1024, 1_000_000, 1_000_000, 16 * 1024, Duration.ofMinutes(5))));
                LineClient speaker = LineClient.join(small.clientPort(), "speaker");
                LineClient sleeper = LineClient.connectWithoutReading(small.clientPort())) {
            await().untilAsserted(() -> assertThat(small.users()).hasSize(2));
            String text = "z".repeat(900);
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                batch.append(text).append("\r\n");
            }
            byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                speaker.sendRaw(bytes);
                assertThat(small.metrics().clientsDisconnected("slow")).isEqualTo(1);
            });
            assertThat(small.users()).hasSize(2);
            sleeper.startReading();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(sleeper.ended()).isTrue());
            assertThat(sleeper.lines()).last()
                .isEqualTo("Disconnected: you are not reading fast enough (output backlog full)");
            speaker.awaitLine(line -> line.matches("guest\\d+ has left"));
        }
    }

    @Test
    void anIdleClientIsDisconnected() throws Exception {
        try (TalkerServer impatient = TestServers.start(properties -> properties
            .withLimits(TestServers.limits(1024, 20, 40, 65536, Duration.ofMillis(300))));
                LineClient idle = LineClient.connect(impatient.clientPort())) {
            idle.awaitLine("Disconnected: idle for 300 ms");
            await().untilAsserted(() -> assertThat(idle.ended()).isTrue());
            assertThat(impatient.metrics().clientsDisconnected("idle")).isEqualTo(1);
            await().untilAsserted(() -> assertThat(impatient.users()).isEmpty());
        }
    }
}
