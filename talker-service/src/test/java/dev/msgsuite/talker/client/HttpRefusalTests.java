package dev.msgsuite.talker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.talker.TalkerServer;
import dev.msgsuite.talker.support.LineClient;
import dev.msgsuite.talker.support.TestServers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A web page can make a browser send an HTTP request to the talker's port: the connection is
 * closed on its first line, before anyone hears a join and before any line of the body runs.
 */
class HttpRefusalTests {

    private TalkerServer server;

    private LineClient bob;

    @BeforeEach
    void start() throws Exception {
        this.server = TestServers.peerable("http0000000000000000", null);
        this.bob = LineClient.join(this.server.clientPort(), "bob");
        this.bob.clear();
    }

    @AfterEach
    void stop() throws Exception {
        this.bob.close();
        this.server.close();
    }

    @Test
    void aBrowsersRequestIsClosedAtOnceAndItsBodyNeverRuns() throws Exception {
        String request = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 60\r\n\r\n"
                + "/nick evil\r\n/oper sesame\r\n/kill bob\r\nsaid by a web page\r\n";
        try (LineClient browser = LineClient.connect(this.server.clientPort())) {
            browser.sendRaw(request.getBytes(StandardCharsets.UTF_8));

            await().untilAsserted(() -> assertThat(browser.ended()).isTrue());
            assertThat(browser.lines()).containsExactly("Error: this is a line-based talker, not an HTTP server");
        }
        assertThat(this.server.metrics().clientsDisconnected("http")).isOne();
        // A later join is heard: had the request joined, its join would have come first.
        LineClient.join(this.server.clientPort(), "carol").close();
        this.bob.awaitLine(line -> line.endsWith(" renames themself as carol"));
        assertThat(this.bob.lines()).filteredOn(line -> line.endsWith(" has joined")).hasSize(1);
        assertThat(this.bob.lines()).noneMatch(line -> line.contains("evil") || line.contains("web page"));
        assertThat(this.bob.ended()).isFalse();
        assertThat(this.server.users()).containsExactly("bob");
    }

    @Test
    void aRequestLineTooLongForTheTalkerIsCaughtByTheHeaderAfterIt() throws Exception {
        String request = "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n/peers\r\n";
        try (LineClient browser = LineClient.connect(this.server.clientPort())) {
            browser.sendRaw(request.getBytes(StandardCharsets.UTF_8));

            await().untilAsserted(() -> assertThat(browser.ended()).isTrue());
            assertThat(browser.lines()).noneMatch(line -> line.startsWith("There are"));
        }
        LineClient.join(this.server.clientPort(), "carol").close();
        this.bob.awaitLine(line -> line.endsWith("renames themself as carol"));
        assertThat(this.bob.lines()).filteredOn(line -> line.endsWith(" has joined")).hasSize(1);
    }

    @Test
    void aTalkerUserWhoTypesFirstIsWelcomedAtOnce() throws Exception {
        try (LineClient alice = LineClient.connect(this.server.clientPort())) {
            alice.send("hello GET / HTTP/1.1");

            alice.awaitLine(line -> line.startsWith("Welcome, guest"));
            this.bob.awaitLine(line -> line.endsWith(": hello GET / HTTP/1.1"));
        }
    }

    @Test
    void theWelcomeWaitsOnlyBrieflyForASilentClient() throws Exception {
        try (LineClient alice = LineClient.connect(this.server.clientPort())) {
            alice.awaitLine(line -> line.startsWith("Welcome, guest"));
            this.bob.awaitLine(line -> line.endsWith(" has joined"));
        }
    }

    @Test
    void anHttpRequestToThePeerPortIsClosedToo() throws Exception {
        try (LineClient browser = LineClient.connect(this.server.peerPort())) {
            browser.sendRaw(("POST / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "x0000000000000000000|1|SpeechObserver|SAY|mallory|forged\r\n").getBytes(StandardCharsets.UTF_8));

            await().untilAsserted(() -> assertThat(browser.ended()).isTrue());
        }
        assertThat(this.server.metrics().peersRefused()).isOne();
        this.bob.send("/me is still here");
        this.bob.awaitLine("* bob is still here");
        assertThat(this.bob.lines()).noneMatch(line -> line.contains("forged"));
    }
}
