package dev.msgsuite.tuplespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msgsuite.testsupport.TestCredentials.Role;
import dev.msgsuite.tuplespace.client.Space;
import dev.msgsuite.tuplespace.client.TupleSpaceClient;
import dev.msgsuite.tuplespace.client.TupleSpaceException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/**
 * Clients that send what they should not: every malformed frame is answered with an error frame
 * naming the problem and the connection goes on; frames over the limit end the connection; one
 * connection cannot hold more blocked operations than its share.
 */
class TupleSpaceHostileClientsTests extends TupleSpaceContext {

    @Test
    void malformedFramesAreAnsweredWithAnErrorAndTheConnectionStaysUsable() throws Exception {
        try (RawClient raw = new RawClient(this.port)) {
            String space = newSpace();
            assertThat(raw.ask("not json")).contains("\"error\":\"malformed-request\"");
            assertThat(raw.ask("[1,2]")).contains("\"error\":\"malformed-request\"");
            assertThat(raw.ask("{\"op\":\"write\"}")).contains("\"error\":\"malformed-request\"");
            assertThat(raw.ask("{\"id\":1,\"op\":\"explode\"}")).contains("\"id\":1", "\"error\":\"malformed-request\"");
            assertThat(raw.ask("{\"id\":2,\"op\":\"write\",\"space\":\"" + space + "\"}")).contains("\"error\":\"malformed-tuple\"");
            assertThat(raw.ask("{\"id\":3,\"op\":\"write\",\"space\":\"" + space + "\",\"tuple\":[{\"a\":1}]}")).contains("\"error\":\"malformed-tuple\"");
            assertThat(raw.ask("{\"id\":4,\"op\":\"take\",\"space\":\"" + space + "\",\"template\":[{\"type\":\"x\"}]}"))
                    .contains("\"error\":\"malformed-template\"");
            assertThat(raw.ask("{\"id\":5,\"op\":\"take\",\"space\":\"" + space + "\",\"template\":[1],\"timeout\":-1}"))
                    .contains("\"error\":\"malformed-request\"");
            assertThat(raw.ask("{\"id\":6,\"op\":\"read\",\"space\":\"../etc\",\"template\":[1]}")).contains("\"error\":\"bad-space-name\"");
            assertThat(raw.ask("{\"id\":7,\"op\":\"write\",\"space\":\"" + space + "\",\"tuple\":[\"" + "x".repeat(4100) + "\"]}"))
                    .contains("\"error\":\"tuple-too-large\"");
            assertThat(raw.ask("{\"id\":8,\"op\":\"write\",\"space\":\"" + space + "\",\"tuple\":[" + "0,".repeat(20) + "0]}"))
                    .contains("\"error\":\"too-many-fields\"");
            assertThat(raw.ask("{\"id\":9,\"op\":\"write\",\"space\":\"" + space + "\",\"tuple\":[\"fine\"]}")).contains("\"ok\":true");
        }
    }

    @Test
    void aFrameOverTheSizeLimitEndsTheConnection() throws Exception {
        try (RawClient raw = new RawClient(this.port)) {
            raw.socket.sendText("{\"id\":1,\"op\":\"write\",\"space\":\"t-big\",\"tuple\":[\"" + "x".repeat(20_000) + "\"]}", true);
            assertThat(raw.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
        }
    }

    @Test
    void oneConnectionHoldsAtMostItsShareOfBlockedOperations() {
        TupleSpaceClient client = client(Role.OPERATOR);
        Space space = client.space(newSpace());
        List<CompletableFuture<?>> waits = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            waits.add(space.readAsync(List.of("never", i), Duration.ofSeconds(30)));
        }
        assertThatThrownBy(() -> space.read(List.of("never"), Duration.ofSeconds(30))).isInstanceOfSatisfying(TupleSpaceException.class,
                refused -> assertThat(refused.code()).isEqualTo("too-many-waiters"));
        assertThat(space.readProbe(List.of("never"))).as("probes still work").isEmpty();
        assertThat(waits).noneMatch(CompletableFuture::isDone);
    }

    @Test
    void requestIdsOfWaitingOperationsCannotBeReused() throws Exception {
        try (RawClient raw = new RawClient(this.port)) {
            String space = newSpace();
            raw.socket.sendText("{\"id\":\"w\",\"op\":\"read\",\"space\":\"" + space + "\",\"template\":[1]}", true).join();
            assertThat(raw.ask("{\"id\":\"w\",\"op\":\"take\",\"space\":\"" + space + "\",\"template\":[1]}")).contains("still waiting");
            assertThat(raw.ask("{\"id\":\"c\",\"op\":\"cancel\",\"target\":\"w\"}")).satisfiesAnyOf(
                    answer -> assertThat(answer).contains("\"id\":\"w\"", "\"tuple\":null"),
                    answer -> assertThat(answer).contains("\"id\":\"c\"", "\"ok\":true"));
        }
    }

    /** A websocket client that sends raw frames and reads answers one at a time. */
    private static final class RawClient implements AutoCloseable {

        final LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();

        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        final HttpClient http = HttpClient.newHttpClient();

        final WebSocket socket;

        RawClient(int port) {
            this.socket = this.http.newWebSocketBuilder().header(HttpHeaders.AUTHORIZATION, Role.OPERATOR.bearer())
                    .buildAsync(webSocket(port), new WebSocket.Listener() {

                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            this.partial.append(data);
                            if (last) {
                                RawClient.this.answers.add(this.partial.toString());
                                this.partial.setLength(0);
                            }
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            RawClient.this.closed.complete(statusCode);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket webSocket, Throwable error) {
                            RawClient.this.closed.complete(-1);
                        }
                    }).join();
        }

        String ask(String frame) throws InterruptedException {
            this.socket.sendText(frame, true).join();
            String answer = this.answers.poll(10, TimeUnit.SECONDS);
            assertThat(answer).as("an answer to " + frame).isNotNull();
            return answer;
        }

        @Override
        public void close() {
            this.socket.abort();
            this.http.close();
        }
    }
}
