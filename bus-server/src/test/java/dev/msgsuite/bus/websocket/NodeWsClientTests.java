package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Node.js with the npm {@code ws} package: a third-party client speaking v2 and v1, and skillbus.js running under Node. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class NodeWsClientTests {

    private static final Path CLIENT = Path.of("src/test/node").toAbsolutePath();

    @LocalServerPort
    int port;

    @Test
    void npmWsClientRegistersReceivesUnchangedBytesAndAcks() throws Exception {
        Result result = runClient(this.port);

        assertThat(result.output()).containsPattern("v2 hello session=node-ws-client-\\d+ resumed=false")
                .containsPattern("v2 delivery id=1 bytes=\\d+ unchanged").contains("v2 ack released=1")
                .contains("v1 pull delivery unchanged").contains("OK");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void skillbusJsUnderNodeAnswersWithPromisesAndReceivesInOrder() throws Exception {
        Result result = runScript("skillbus_js_client.mjs", this.port);

        assertThat(result.output()).containsPattern("hello session=node-skillbus-js-\\d+ resumed=false secret=string")
                .contains("register op=ok").contains("register again already=true").contains("register a..b refused=invalid-skill")
                .contains("received 25 in order=true").contains("bad packet error=bad-packet")
                .contains("deregister again refused=not-registered").contains("after close refused=closed").contains("OK");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    /** Runs ws_client.js against the bus on {@code port}, installing the ws package first if needed. */
    static Result runClient(int port) throws Exception {
        return runScript("ws_client.js", port);
    }

    /** Runs one of the scripts in src/test/node against the bus on {@code port}. */
    static Result runScript(String script, int port) throws Exception {
        installWsPackage();
        return run(List.of("node", script, String.valueOf(port)));
    }

    /** The package is pinned in package-lock.json; installed once per checkout from the npm registry. */
    private static void installWsPackage() throws Exception {
        if (Files.isDirectory(CLIENT.resolve("node_modules/ws"))) {
            return;
        }
        Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"));
        assertThat(install.exitCode()).as("npm ci in %s: %s", CLIENT, install.output()).isZero();
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(CLIENT.toFile()).redirectErrorStream(true).start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(finished ? process.exitValue() : -1, output);
    }

    record Result(int exitCode, String output) {
    }
}
