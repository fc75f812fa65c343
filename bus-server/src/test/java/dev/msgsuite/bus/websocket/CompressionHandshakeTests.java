package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.skillbus.protocol.Subprotocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the handshake answers to the {@code permessage-deflate} offer browsers and Node's
 * {@code ws} make, seen on a raw socket: declined by default, accepted without server context
 * takeover with {@code skillbus.compression.enabled=true}.
 */
class CompressionHandshakeTests {

    /** Chromium's offer, byte for byte. */
    static final String BROWSER_OFFER = "permessage-deflate; client_max_window_bits";

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class ByDefault {

        @LocalServerPort
        int port;

        @Test
        void declinesTheDeflateOfferAtBothEndpointsAndBothProtocols() throws IOException {
            for (String path : List.of("/", "/ws")) {
                for (String subprotocol : new String[] { null, Subprotocol.V2 }) {
                    String response = handshake(this.port, path, subprotocol, BROWSER_OFFER);
                    assertThat(response).as(path + " " + subprotocol).startsWith("HTTP/1.1 101")
                            .doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
                }
            }
        }

        @Test
        void npmWsWithItsDefaultDeflateOfferGetsNoExtensionAndWorks() throws Exception {
            NodeWsClientTests.Result result = NodeWsClientTests.runClient(this.port);

            assertThat(result.output()).contains("v2 extensions=none").contains("OK");
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "skillbus.compression.enabled=true")
    class WhenEnabled {

        @LocalServerPort
        int port;

        @Test
        void acceptsDeflateWithoutServerContextTakeover() throws IOException {
            String response = handshake(this.port, "/ws", Subprotocol.V2, BROWSER_OFFER);

            assertThat(response).startsWith("HTTP/1.1 101");
            String extensions = response.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-extensions:"))
                    .findFirst().orElseThrow();
            assertThat(extensions).contains("permessage-deflate").contains("server_no_context_takeover");
        }

        @Test
        void aClientThatOffersNothingStillGetsNoExtension() throws IOException {
            assertThat(handshake(this.port, "/ws", null, null)).startsWith("HTTP/1.1 101")
                    .doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
        }

        @Test
        void npmWsExchangesCompressedFramesUnchanged() throws Exception {
            NodeWsClientTests.Result result = NodeWsClientTests.runClient(this.port);

            assertThat(result.output()).contains("v2 extensions=permessage-deflate")
                    .containsPattern("v2 delivery id=1 bytes=\\d+ unchanged").contains("OK");
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
    }

    /** Sends a handshake and returns the response head (status line and headers). */
    static String handshake(int port, String path, String subprotocol, String extensions) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            StringBuilder request = new StringBuilder().append("GET ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(new byte[16])).append("\r\n");
            if (subprotocol != null) {
                request.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
            }
            if (extensions != null) {
                request.append("Sec-WebSocket-Extensions: ").append(extensions).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString();
        }
    }
}
