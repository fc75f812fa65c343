package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.bus.metrics.BusMetrics;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class ProtocolV1WebSocketTests {

    @LocalServerPort
    int port;

    @Autowired
    BusMetrics metrics;

    private final List<TestClient> clients = new ArrayList<>();

    private TestClient v1() {
        TestClient client = TestClient.v1(this.port);
        this.clients.add(client);
        return client;
    }

    @AfterEach
    void closeClients() {
        this.clients.forEach(TestClient::close);
    }

    @Test
    void fastPushStreamsPacketsByteForByteToEveryRegisteredClient() {
        TestClient alice = v1().text("{\"register\": \"skill1\"}").text("{\"fastpush\": true}");
        TestClient bob = v1().text("{\"register\": \"skill1\"}").text("{\"fastpush\": true}");
        TestClient publisher = v1();
        byte[] original = "{\"skill\":   \"skill1\", \"payload\": \"2026-11-21 10:00:00\"}".getBytes(StandardCharsets.UTF_8);

        publisher.binary(original);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(alice.binaries).singleElement().isEqualTo(original);
            assertThat(bob.binaries).singleElement().isEqualTo(original);
        });
        assertThat(publisher.binaries).isEmpty();
        assertThat(alice.subprotocol()).isEmpty();
    }

    @Test
    void pullModeSendsTheNextPacketOnlyOnAck() {
        TestClient client = v1().text("{\"register\": \"pull.skill\"}");
        TestClient publisher = v1();
        publisher.publish("pull.skill", "p1").publish("pull.skill", "p2");

        client.text("{\"ack\": \"\"}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(client.payloads()).containsExactly("p1"));
        client.text("{\"ack\": \"\"}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(client.payloads()).containsExactly("p1", "p2"));
    }

    @Test
    void stopAndWaitWithGetResendingTheHeldPacket() {
        TestClient client = v1().text("{\"register\": \"saw\"}").text("{\"buffering\": true}").text("{\"fastpush\": true}");
        v1().publish("saw", "p1").publish("saw", "p2");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(client.payloads()).containsExactly("p1"));
        client.text("{\"get\": \"\"}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(client.payloads()).containsExactly("p1", "p1"));
        client.text("{\"ack\": \"\"}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(client.payloads()).containsExactly("p1", "p1", "p2"));
    }

    @Test
    void badInputIsCountedAndNeverAnsweredAndTheConnectionStays() {
        TestClient client = v1().text("{\"register\": \"robust\"}").text("{\"fastpush\": true}");
        double before = this.metrics.rejectedCount("v1", "bad-json") + this.metrics.rejectedCount("v1", "not-an-object")
                + this.metrics.rejectedCount("v1", "wrong-type") + this.metrics.rejectedCount("v1", "unknown-op")
                + this.metrics.rejectedCount("v1", "bad-packet");

        client.text("this is not json").text("[\"register\", \"x\"]").text("{\"register\": 5}")
                .text("{\"buffering\": \"on\"}").text("{\"color\": \"blue\"}")
                .binary("garbage".getBytes()).binary("{\"payload\": \"no skill\"}".getBytes())
                .binary("{\"skill\": 12}".getBytes()).binary("[{\"skill\": \"robust\"}]".getBytes());
        client.publish("robust", "still here");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(client.payloads()).containsExactly("still here"));
        assertThat(client.texts).isEmpty();
        assertThat(client.isClosed()).isFalse();
        double after = this.metrics.rejectedCount("v1", "bad-json") + this.metrics.rejectedCount("v1", "not-an-object")
                + this.metrics.rejectedCount("v1", "wrong-type") + this.metrics.rejectedCount("v1", "unknown-op")
                + this.metrics.rejectedCount("v1", "bad-packet");
        assertThat(after - before).isEqualTo(9);
    }

    @Test
    void frameOfExactlyTheLimitArrivesWholeAndUnchanged() {
        TestClient subscriber = v1().text("{\"register\": \"big.frame\"}").text("{\"fastpush\": true}");
        byte[] head = "{\"skill\": \"big.frame\", \"data\": \"".getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[1024 * 1024];
        java.util.Arrays.fill(frame, (byte) 'x');
        System.arraycopy(head, 0, frame, 0, head.length);
        frame[frame.length - 2] = '"';
        frame[frame.length - 1] = '}';

        v1().binary(frame);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(subscriber.binaries).hasSize(1));
        assertThat(subscriber.binaries.getFirst()).isEqualTo(frame);
        assertThat(subscriber.isClosed()).isFalse();
    }

    @Test
    void frameBeyondTheLimitClosesWith1009() {
        TestClient client = v1();

        client.binary(new byte[1024 * 1024 + 1]);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.closeCode).isEqualTo(1009));
    }

    @Test
    void originalPythonClientRegistersPublishesAndAcksUnchanged() throws Exception {
        TestClient listener = v1().text("{\"register\": \"python.skill\"}").text("{\"fastpush\": true}");
        Path script = Path.of("src/test/python/original_client.py").toAbsolutePath();
        String python = new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";
        Process process = new ProcessBuilder(python, script.toString(), "localhost", String.valueOf(this.port), "python.skill", "5")
                .redirectErrorStream(true).start();

        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        String output = readAll(process);

        assertThat(finished).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines()).containsExactly("got py-0", "got py-1", "got py-2", "got py-3", "got py-4");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(listener.payloads())
                .containsExactly("py-0", "py-1", "py-2", "py-3", "py-4"));
    }

    private static String readAll(Process process) throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
