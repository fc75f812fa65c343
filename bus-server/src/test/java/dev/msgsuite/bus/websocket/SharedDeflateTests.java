package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.bus.metrics.BusMetrics;
import dev.msgsuite.bus.routing.SkillBus;
import dev.msgsuite.skillbus.protocol.Subprotocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With {@code skillbus.compression.enabled=true}, seen by clients on raw sockets that offer
 * {@code permessage-deflate} as browsers do and read the frame bits: a large packet is deflated
 * once and reaches every subscriber compressed (v1 and v2, each with its own delivery id), a
 * small one travels uncompressed, a client that offered nothing gets plain frames of the same
 * publish, and a client that compresses its own frames is understood.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "skillbus.compression.enabled=true", "skillbus.limits.max-connections-per-address=1000" })
class SharedDeflateTests {

    private static final String OFFER = CompressionHandshakeTests.BROWSER_OFFER;

    private static final int V1_SUBSCRIBERS = 60;

    private static final int V2_SUBSCRIBERS = 60;

    @LocalServerPort
    int port;

    @Autowired
    BusMetrics metrics;

    @Autowired
    SkillBus bus;

    private final List<RawWebSocket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException {
        for (RawWebSocket socket : this.sockets) {
            socket.close();
        }
    }

    @Test
    void aLargePacketIsDeflatedOnceAndEverySubscriberInflatesItsOwnFrame() throws Exception {
        List<RawWebSocket> v1 = new ArrayList<>();
        List<RawWebSocket> v2 = new ArrayList<>();
        for (int i = 0; i < V1_SUBSCRIBERS; i++) {
            v1.add(v1Subscriber("fanout.large"));
        }
        for (int i = 0; i < V2_SUBSCRIBERS; i++) {
            v2.add(v2Subscriber("fanout.large"));
        }
        try (TestClient plain = TestClient.v1(this.port)) {
            plain.text("{\"register\":\"fanout.large\"}").text("{\"fastpush\":true}");
            awaitSubscribers("fanout.large", V1_SUBSCRIBERS + V2_SUBSCRIBERS + 1);
            double packetsBefore = this.metrics.packetsCompressed();
            double framesBefore = this.metrics.framesCompressed();
            byte[] packet = largeJsonPacket("fanout.large");

            publisher().send(0x2, packet, false);

            for (RawWebSocket socket : v1) {
                RawWebSocket.Frame frame = socket.readUntil(0x2);
                assertThat(frame.compressed()).as("RSV1").isTrue();
                assertThat(frame.payload().length).isLessThan(packet.length / 4);
                assertThat(inflate(frame.payload())).isEqualTo(packet);
            }
            for (RawWebSocket socket : v2) {
                RawWebSocket.Frame frame = socket.readUntil(0x2);
                assertThat(frame.compressed()).as("RSV1").isTrue();
                byte[] delivery = inflate(frame.payload());
                assertThat(ByteBuffer.wrap(delivery).getLong()).isEqualTo(1);
                assertThat(ByteBuffer.wrap(delivery, Long.BYTES, delivery.length - Long.BYTES)).isEqualTo(ByteBuffer.wrap(packet));
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(plain.binaries).hasSize(1));
            assertThat(plain.binaries.getFirst()).as("the client that offered nothing").isEqualTo(packet);
            assertThat(this.metrics.packetsCompressed() - packetsBefore).as("packets deflated").isEqualTo(1);
            assertThat(this.metrics.framesCompressed() - framesBefore).as("frames sent deflated")
                    .isEqualTo(V1_SUBSCRIBERS + V2_SUBSCRIBERS);
        }
    }

    @Test
    void aPacketBelowTheThresholdTravelsUncompressedToADeflateClient() throws Exception {
        RawWebSocket v1 = v1Subscriber("fanout.small");
        RawWebSocket v2 = v2Subscriber("fanout.small");
        awaitSubscribers("fanout.small", 2);
        byte[] packet = TestClient.packet("fanout.small", "x".repeat(200));
        double packetsBefore = this.metrics.packetsCompressed();

        publisher().send(0x2, packet, false);

        RawWebSocket.Frame toV1 = v1.readUntil(0x2);
        assertThat(toV1.compressed()).as("RSV1").isFalse();
        assertThat(toV1.payload()).isEqualTo(packet);
        RawWebSocket.Frame toV2 = v2.readUntil(0x2);
        assertThat(toV2.compressed()).as("RSV1").isFalse();
        assertThat(ByteBuffer.wrap(toV2.payload(), Long.BYTES, packet.length)).isEqualTo(ByteBuffer.wrap(packet));
        assertThat(this.metrics.packetsCompressed()).isEqualTo(packetsBefore);
    }

    @Test
    void repliesTravelUncompressedAndFramesTheClientCompressedAreUnderstood() throws Exception {
        RawWebSocket client = open(Subprotocol.V2);
        client.send(0x1, deflate("{\"op\":\"register\",\"skill\":\"fanout.own\",\"ref\":1}".getBytes(StandardCharsets.UTF_8)), true);
        RawWebSocket.Frame reply = client.readUntil(0x1);
        assertThat(reply.compressed()).as("RSV1 of a small reply").isFalse();
        assertThat(reply.text()).contains("\"op\":\"ok\"").contains("\"ref\":1");
        byte[] packet = largeJsonPacket("fanout.own");

        client.send(0x2, deflate(packet), true);

        RawWebSocket.Frame delivery = client.readUntil(0x2);
        assertThat(delivery.compressed()).isTrue();
        byte[] inflated = inflate(delivery.payload());
        assertThat(ByteBuffer.wrap(inflated, Long.BYTES, inflated.length - Long.BYTES)).isEqualTo(ByteBuffer.wrap(packet));
    }

    @Test
    void npmWsInflatesTheSharedFramesForV1AndV2AndItsOwnCompressedPublishIsUnderstood() throws Exception {
        double framesBefore = this.metrics.framesCompressed();

        NodeWsClientTests.Result result = NodeWsClientTests.runScript("ws_deflate_client.js", this.port);

        assertThat(result.output()).contains("v2 extensions=permessage-deflate")
                .containsPattern("large packet bytes=\\d{4} unchanged to v2 \\(id=true\\) and v1")
                .containsPattern("small packet bytes=\\d+ unchanged to v2 \\(id=true\\) and v1").contains("OK");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(this.metrics.framesCompressed() - framesBefore).as("the large packet to v2 and v1").isEqualTo(2);
    }

    private RawWebSocket v1Subscriber(String skill) throws IOException {
        RawWebSocket socket = open(null);
        socket.sendText("{\"register\":\"" + skill + "\"}");
        socket.sendText("{\"fastpush\":true}");
        return socket;
    }

    private RawWebSocket v2Subscriber(String skill) throws IOException {
        RawWebSocket socket = open(Subprotocol.V2);
        socket.sendText("{\"op\":\"register\",\"skill\":\"" + skill + "\"}");
        assertThat(socket.readUntil(0x1).text()).contains("\"op\":\"ok\"");
        return socket;
    }

    private RawWebSocket publisher() throws IOException {
        return open(null);
    }

    private RawWebSocket open(String subprotocol) throws IOException {
        RawWebSocket socket = RawWebSocket.open(this.port, "/ws", subprotocol, OFFER);
        this.sockets.add(socket);
        assertThat(socket.extensions()).contains("permessage-deflate").contains("server_no_context_takeover");
        return socket;
    }

    private void awaitSubscribers(String skill, int count) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.bus.registry().route(skill)).hasSize(count));
    }

    /** About 4 KiB of JSON that repeats itself, as telemetry batches do. */
    static byte[] largeJsonPacket(String skill) {
        StringBuilder readings = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            readings.append(i == 0 ? "" : ",").append("{\"sensor\":\"kitchen-").append(i % 7).append("\",\"celsius\":")
                    .append(20 + i % 5).append(".5,\"time\":\"2026-11-30T06:49:").append(10 + i % 50).append("Z\"}");
        }
        return ("{\"skill\":\"" + skill + "\",\"payload\":[" + readings + "]}").getBytes(StandardCharsets.UTF_8);
    }

    /** A message as a permessage-deflate client compresses it: raw deflate, sync flush, trailing 00 00 ff ff dropped. */
    private static byte[] deflate(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(message);
        byte[] out = new byte[message.length + 64];
        int length = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return Arrays.copyOf(out, length - 4);
    }

    private static byte[] inflate(byte[] payload) throws Exception {
        return PacketDeflaterPropertyTests.inflate(new Inflater(true), payload);
    }
}
