package dev.msgsuite.talker.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.talker.TalkerServer;
import dev.msgsuite.talker.support.LineClient;
import dev.msgsuite.talker.support.TestServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A raw socket plays an original Python talker, line by line, as its peer protocol states. */
class OriginalPeerTests {

    private static final String PY = "0123456789abcdef0123";

    private TalkerServer server;

    private String id;

    @BeforeEach
    void start() throws Exception {
        this.server = TestServers.peerable("java0000000000000000", null);
        this.id = this.server.serverId();
    }

    @AfterEach
    void stop() {
        this.server.close();
    }

    @Test
    void speaksTopologySpeechAndWhoWithAnOriginalPeerThatDialsIn() throws Exception {
        try (LineClient python = LineClient.connect(this.server.peerPort());
                LineClient alice = LineClient.join(this.server.clientPort(), "alice")) {
            // The link opens with each side's unicast i-am.
            python.awaitLine(line -> line.matches("!" + this.id + "\\|\\d+\\|TopologyObserver\\|i-am\\|"));
            python.send("!" + PY + "|1|TopologyObserver|i-am|");
            python.awaitLine(line -> line.matches(this.id + "\\|\\d+\\|TopologyObserver\\|i-see\\|" + PY));
            python.send(PY + "|2|TopologyObserver|i-see|" + this.id);
            await().untilAsserted(() -> assertThat(this.server.reachable()).containsExactlyInAnyOrder(this.id, PY));

            alice.send("hi python");
            python.awaitLine(line -> line.matches(this.id + "\\|\\d+\\|SpeechObserver\\|SAY\\|alice\\|hi python"));

            python.send(PY + "|3|SpeechObserver|SAY|pyuser|hello | from python");
            alice.awaitLine("pyuser: hello | from python");

            // A network /who from our side waits for the original's gather.
            alice.send("/who");
            String who = python.awaitLine(line -> line.matches(this.id + "\\|\\d+\\|WhoObserver\\|who\\|[^|]+\\|"));
            String requestId = who.split("\\|")[4];
            python.awaitLine(line -> line.matches(this.id + "\\|\\d+\\|WhoObserver\\|ScatterGatherMixin\\.gather\\|"
                    + this.id + "\\|" + requestId + "\\|alice"));
            python.send(PY + "|4|WhoObserver|ScatterGatherMixin.gather|" + this.id + "|" + requestId + "|pyuser;pyfriend");
            alice.awaitLine("There are 3 users online on 2 servers:");
            alice.awaitLine("  Server: " + PY);
            alice.awaitLine("    pyfriend");
            assertThat(alice.lines()).noneMatch(line -> line.startsWith("Partial"));

            // And the original's /who gets our gather.
            python.send(PY + "|5|WhoObserver|who|77|");
            python.awaitLine(line -> line.matches(
                    this.id + "\\|\\d+\\|WhoObserver\\|ScatterGatherMixin\\.gather\\|" + PY + "\\|77\\|alice"));

            // A replayed line is dropped; garbage is dropped and the link stays.
            python.send(PY + "|3|SpeechObserver|SAY|pyuser|hello | from python");
            python.send("this is not a peer line");
            python.send(PY + "|6|SpeechObserver|SAY|pyuser|after the garbage");
            alice.awaitLine("pyuser: after the garbage");
            assertThat(Collections.frequency(alice.lines(), "pyuser: hello | from python")).isOne();
            assertThat(this.server.metrics().malformedDroppedCount()).isEqualTo(1);
            assertThat(this.server.metrics().duplicatesDroppedCount()).isGreaterThanOrEqualTo(1);

            // Losing the link re-broadcasts i-see and forgets the original.
            python.close();
            await().untilAsserted(() -> assertThat(this.server.reachable()).containsExactly(this.id));
        }
    }

    @Test
    void anOriginalPeersCountedIdsStillPassAfterARoguePeerForgedThemFarAhead() throws Exception {
        try (LineClient python = LineClient.connect(this.server.peerPort());
                LineClient rogue = LineClient.connect(this.server.peerPort());
                LineClient alice = LineClient.join(this.server.clientPort(), "alice")) {
            python.send("!" + PY + "|1|TopologyObserver|i-am|");
            rogue.send("!rogue|1|TopologyObserver|i-am|");
            await().untilAsserted(() -> assertThat(this.server.reachable()).contains(PY, "rogue"));

            rogue.send(PY + "|9223372036854775807|SpeechObserver|SAY|pyuser|forged");
            rogue.send(PY + "|" + System.currentTimeMillis() * 1000 + "|SpeechObserver|SAY|pyuser|forged too");
            python.send(PY + "|2|SpeechObserver|SAY|pyuser|hello");
            python.send(PY + "|3|SpeechObserver|SAY|pyuser|hello again");
            python.send(PY + "|3|SpeechObserver|SAY|pyuser|hello again");
            alice.awaitLine("pyuser: hello again");
            rogue.send(PY + "|3|SpeechObserver|SAY|pyuser|hello again");
            python.send(PY + "|4|SpeechObserver|SAY|pyuser|the end");
            alice.awaitLine("pyuser: the end");

            assertThat(alice.lines()).noneMatch(line -> line.contains("forged"))
                .containsOnlyOnce("pyuser: hello", "pyuser: hello again", "pyuser: the end");
            assertThat(this.server.metrics().malformedDroppedCount()).isOne();
            assertThat(this.server.metrics().peerLinesRefused("ahead-of-source")).isOne();
            // Neither forgery went on to the original peer.
            assertThat(python.lines()).noneMatch(line -> line.contains("forged"));
        }
    }

    @Test
    void dialsAnOriginalPeerThatListens() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                LineClient operator = LineClient.join(this.server.clientPort(), "op")) {
            operator.oper(TestServers.OPERATOR_PASSWORD);
            operator.send("/peer-connect 127.0.0.1 " + listener.getLocalPort());
            try (Socket accepted = listener.accept()) {
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(accepted.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = accepted.getOutputStream();
                Matcher iAm = Pattern.compile("!" + this.id + "\\|(\\d+)\\|TopologyObserver\\|i-am\\|")
                    .matcher(in.readLine());
                assertThat(iAm.matches()).isTrue();
                out.write(("!" + PY + "|1|TopologyObserver|i-am|\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(in.readLine()).matches(this.id + "\\|\\d+\\|TopologyObserver\\|i-see\\|" + PY);

                out.write((PY + "|2|SpeechObserver|SAY|pyuser|hi java\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                operator.awaitLine("pyuser: hi java");
                operator.send("/peers");
                operator.awaitLine("  127.0.0.1:" + listener.getLocalPort() + " (outgoing) " + PY);
            }
        }
    }
}
