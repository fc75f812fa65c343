package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.bus.websocket.TestClient.V2Delivery;
import dev.msgsuite.skillbus.protocol.Subprotocol;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class ProtocolV2WebSocketTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    private final List<TestClient> clients = new ArrayList<>();

    private TestClient v2() {
        TestClient client = TestClient.v2(this.port);
        this.clients.add(client);
        return client;
    }

    private TestClient v1() {
        TestClient client = TestClient.v1(this.port);
        this.clients.add(client);
        return client;
    }

    @AfterEach
    void closeClients() {
        this.clients.forEach(TestClient::close);
    }

    private static void awaitReplies(TestClient client, int count) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.texts).hasSizeGreaterThanOrEqualTo(count));
    }

    @Test
    void negotiatesV2AndRepliesToEveryControlFrame() {
        TestClient client = v2();
        assertThat(client.subprotocol()).isEqualTo(Subprotocol.V2);

        client.text("{\"op\": \"register\", \"skill\": \"v2.sensors.*\", \"ref\": \"a\"}")
                .text("{\"op\": \"register\", \"skill\": \"v2..bad\", \"ref\": \"b\"}")
                .text("[]");

        awaitReplies(client, 3);
        List<JsonNode> replies = client.controls();
        assertThat(replies.get(0).toString()).isEqualTo("{\"op\":\"ok\",\"ref\":\"a\"}");
        assertThat(replies.get(1).get("code").asString()).isEqualTo("invalid-skill");
        assertThat(replies.get(1).get("ref").asString()).isEqualTo("b");
        assertThat(replies.get(2).get("code").asString()).isEqualTo("not-an-object");
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void wildcardRegistrationReceivesDeliveriesWithIdsUnderPrefetch() {
        TestClient client = v2().text("{\"op\": \"register\", \"skill\": \"v2.room.#\"}")
                .text("{\"op\": \"prefetch\", \"count\": 2}");
        awaitReplies(client, 2);
        TestClient publisher = v1();
        IntStream.rangeClosed(1, 4).forEach(i -> publisher.publish("v2.room.kitchen.temp", "p" + i));

        await().atMost(WAIT).untilAsserted(() -> assertThat(client.deliveries())
                .containsExactly(new V2Delivery(1, "p1"), new V2Delivery(2, "p2")));
        client.text("{\"op\": \"ack\", \"id\": 2, \"multiple\": true}");
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.deliveries()).extracting(V2Delivery::payload)
                .containsExactly("p1", "p2", "p3", "p4"));
    }

    @Test
    void stalledClientDoesNotSlowTheOthers() {
        TestClient stalled = v2().text("{\"op\": \"register\", \"skill\": \"v2.load\"}");
        TestClient streaming = v2().text("{\"op\": \"register\", \"skill\": \"v2.load\"}")
                .text("{\"op\": \"prefetch\", \"count\": 0}");
        awaitReplies(stalled, 1);
        awaitReplies(streaming, 2);
        TestClient publisher = v1();

        IntStream.range(0, 300).forEach(i -> publisher.publish("v2.load", "p" + i));

        await().atMost(WAIT).untilAsserted(() -> assertThat(streaming.deliveries()).hasSize(300));
        assertThat(stalled.deliveries()).hasSize(1);
    }

    @Test
    void resumedSessionGetsItsUnacknowledgedAndQueuedPacketsAfterADroppedConnection() {
        TestClient first = v2().text("{\"op\": \"hello\", \"session\": \"resume-it\"}")
                .text("{\"op\": \"register\", \"skill\": \"v2.resume\"}");
        awaitReplies(first, 2);
        assertThat(first.controls().getFirst().get("resumed").asBoolean()).isFalse();
        TestClient publisher = v1();
        publisher.publish("v2.resume", "p1").publish("v2.resume", "p2");
        await().atMost(WAIT).untilAsserted(() -> assertThat(first.deliveries()).containsExactly(new V2Delivery(1, "p1")));

        first.abort();
        publisher.publish("v2.resume", "p3");

        TestClient second = v2().text(hello("resume-it", first.controls().getFirst().get("resumeSecret").asString()));
        awaitReplies(second, 1);
        assertThat(second.controls().getFirst().get("resumed").asBoolean()).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(second.deliveries()).containsExactly(new V2Delivery(1, "p1")));
        second.text("{\"op\": \"prefetch\", \"count\": 10}").text("{\"op\": \"ack\", \"id\": 1}");
        await().atMost(WAIT).untilAsserted(() -> assertThat(second.deliveries()).extracting(V2Delivery::payload)
                .containsExactly("p1", "p2", "p3"));
    }

    @Test
    void secondConnectionWithTheSecretTakesOverALiveSession() {
        TestClient first = v2().text("{\"op\": \"hello\", \"session\": \"takeover-it\"}");
        awaitReplies(first, 1);

        TestClient second = v2().text(hello("takeover-it", first.controls().getFirst().get("resumeSecret").asString()));

        awaitReplies(second, 1);
        assertThat(second.controls().getFirst().get("resumed").asBoolean()).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(first.closeCode).isEqualTo(4001));
    }

    @Test
    void sessionCannotBeResumedWithoutOrWithAWrongSecretAndItsClientStaysConnected() {
        TestClient victim = v2().text("{\"op\": \"hello\", \"session\": \"victim-it\"}")
                .text("{\"op\": \"register\", \"skill\": \"v2.victim\"}");
        awaitReplies(victim, 2);
        String secret = victim.controls().getFirst().get("resumeSecret").asString();

        for (String attempt : List.of("{\"op\": \"hello\", \"session\": \"victim-it\"}", hello("victim-it", "guess"),
                hello("victim-it", secret + "x"))) {
            TestClient intruder = v2().text(attempt);
            awaitReplies(intruder, 1);
            assertThat(intruder.controls().getFirst().get("code").asString()).as(attempt).isEqualTo("session-taken");
        }

        v1().publish("v2.victim", "still mine");
        await().atMost(WAIT).untilAsserted(() -> assertThat(victim.deliveries()).extracting(V2Delivery::payload)
                .containsExactly("still mine"));
        assertThat(victim.isClosed()).isFalse();
    }

    @Test
    void pageFromAnotherOriginCannotOpenEvenABusWithoutTokens() {
        URI ws = URI.create("ws://localhost:" + this.port + "/ws");

        assertThat(TestClient.refusedHandshake(ws, Subprotocol.V2, Map.of("Origin", "http://evil.example")))
                .isEqualTo(403);
    }

    private static String hello(String session, String secret) {
        return "{\"op\": \"hello\", \"session\": \"" + session + "\", \"secret\": \"" + secret + "\"}";
    }

    @Test
    void badDataPacketsGetAnErrorFrame() {
        TestClient client = v2();

        client.binary("{\"no\": \"skill\"}".getBytes()).binary("not json".getBytes());

        awaitReplies(client, 2);
        assertThat(client.controls()).extracting(node -> node.get("code").asString()).containsExactly("bad-packet", "bad-packet");
    }
}
