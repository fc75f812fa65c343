package dev.msgsuite.talker.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.talker.TalkerServer;
import dev.msgsuite.talker.support.LineClient;
import dev.msgsuite.talker.support.TestServers;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The talker is usable with plain {@code nc} (OpenBSD netcat, bare LF lines). */
class NetcatClientTests {

    @Test
    void aNetcatUserChatsAndQuits() throws Exception {
        try (TalkerServer server = TestServers.start(properties -> properties);
                LineClient bob = LineClient.join(server.clientPort(), "bob")) {
            Process nc = new ProcessBuilder("nc", "127.0.0.1", Integer.toString(server.clientPort()))
                .redirectErrorStream(true).start();
            try {
                try (OutputStream stdin = nc.getOutputStream()) {
                    stdin.write("/nick netcat\nhello from nc\n/quit\n".getBytes(StandardCharsets.UTF_8));
                }
                bob.awaitLine("netcat: hello from nc");
                bob.awaitLine("netcat has left");
                List<String> output = List.of(new String(nc.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .split("\r\n"));
                assertThat(nc.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(output.getFirst()).startsWith("Welcome, guest");
                assertThat(output).containsSubsequence("netcat: hello from nc", "Bye, netcat");
            }
            finally {
                nc.destroy();
            }
        }
    }

    @Test
    void anHttpRequestPipedThroughNetcatIsRefusedAndTheConnectionClosed() throws Exception {
        try (TalkerServer server = TestServers.start(properties -> properties);
                LineClient bob = LineClient.join(server.clientPort(), "bob")) {
            bob.clear();
            Process nc = new ProcessBuilder("nc", "127.0.0.1", Integer.toString(server.clientPort()))
                .redirectErrorStream(true).start();
            try {
                try (OutputStream stdin = nc.getOutputStream()) {
                    stdin.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n/who\r\n".getBytes(StandardCharsets.UTF_8));
                }
                String output = new String(nc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(nc.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(output).isEqualTo("Error: this is a line-based talker, not an HTTP server\r\n");
                assertThat(server.users()).containsExactly("bob");
                assertThat(bob.lines()).noneMatch(line -> line.endsWith(" has joined"));
            }
            finally {
                nc.destroy();
            }
        }
    }
}
