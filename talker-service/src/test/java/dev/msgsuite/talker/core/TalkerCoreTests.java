package dev.msgsuite.talker.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.talker.support.InMemoryMesh;
import dev.msgsuite.talker.support.InMemoryMesh.Node;
import dev.msgsuite.talker.support.InMemoryMesh.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client commands of one server, without sockets. */
class TalkerCoreTests {

    private final InMemoryMesh mesh = new InMemoryMesh();

    private Node server;

    private User alice;

    private User bob;

    @BeforeEach
    void connectTwoUsers() {
        this.server = this.mesh.node("s1");
        this.alice = this.server.connect("alice");
        this.bob = this.server.connect("bob");
        this.alice.client().clear();
    }

    @Test
    void welcomesANewcomerAndAnnouncesItToEveryone() {
        var client = new dev.msgsuite.talker.support.FakeClient();
        this.server.core().connect(client);

        assertThat(client.lines().getFirst()).startsWith("Welcome, guest");
        assertThat(this.alice.lines()).singleElement().asString().matches("guest\\d+ has joined");
    }

    @Test
    void speechReachesEveryoneTheSpeakerIncluded() {
        this.alice.type("hello | world");

        assertThat(this.alice.lines()).containsExactly("alice: hello | world");
        assertThat(this.bob.lines()).endsWith("alice: hello | world");
    }

    @Test
    void blankLinesSayNothing() {
        this.alice.type("   ");

        assertThat(this.alice.lines()).isEmpty();
    }

    @Test
    void nicknamesAreAlphanumericAndUniqueIgnoringCase() {
        this.alice.type("/nick b-o-b");
        assertThat(this.alice.client().last()).startsWith("You must give an alphanumeric nickname");

        this.alice.type("/nick BOB");
        assertThat(this.alice.client().last()).isEqualTo("The nickname BOB is already taken");

        this.alice.type("/nick carol");
        assertThat(this.bob.client().last()).isEqualTo("alice renames themself as carol");
        assertThat(this.server.core().chat().names()).containsExactlyInAnyOrder("carol", "bob");
    }

    @Test
    void aNicknameFreedByLeavingCanBeTaken() {
        this.bob.leave();
        assertThat(this.alice.client().last()).isEqualTo("bob has left");

        this.alice.type("/nick bob");

        assertThat(this.alice.client().last()).isEqualTo("alice renames themself as bob");
    }

    @Test
    void tellWhispersToOneUser() {
        this.alice.type("/tell bob psst, over here");

        assertThat(this.bob.client().last()).isEqualTo("alice whispers: psst, over here");
        assertThat(this.alice.client().last()).isEqualTo("You whisper to bob: psst, over here");
    }

    @Test
    void tellWithoutTextOrToNobodyGetsAClearError() {
        this.alice.type("/tell bob");
        assertThat(this.alice.client().last()).isEqualTo("Tell who, what?");

        this.alice.type("/tell nobody hi");
        assertThat(this.alice.client().last()).isEqualTo("No user named nobody here");
    }

    @Test
    void meActs() {
        this.alice.type("/me waves");

        assertThat(this.bob.client().last()).isEqualTo("* alice waves");
    }

    @Test
    void whoListsTheUsersOfALoneServerAtOnce() {
        this.alice.type("/who");

        assertThat(this.alice.lines()).containsExactly("There are 2 users online on 1 server:",
                "  Server: s1 (this server)", "    alice", "    bob");
    }

    @Test
    void helpListsTheCommands() {
        this.alice.type("/help");

        assertThat(String.join("\n", this.alice.lines())).contains("/who", "/nick", "/tell", "/me", "/quit",
                "/peers", "/peer-listen", "/peer-connect", "/peer-kill", "/reachable", "/kill", "/oper");
    }

    @Test
    void unknownCommandsGetOneLine() {
        this.alice.type("/frobnicate now");

        assertThat(this.alice.lines()).containsExactly("Unknown command: /frobnicate (try /help)");
    }

    @Test
    void quitSaysGoodbyeAndDisconnects() {
        this.alice.type("/quit");

        assertThat(this.alice.client().closedWith()).isEqualTo("Bye, alice");
    }

    @Test
    void operatorCommandsNeedThePassword() {
        this.alice.type("/kill bob");
        assertThat(this.alice.client().last())
            .isEqualTo("Permission denied: /kill needs operator rights (/oper <password>)");
        this.alice.type("/peer-connect localhost 9000");
        assertThat(this.alice.client().last()).startsWith("Permission denied: /peer-connect");
        this.alice.type("/oper guess");
        assertThat(this.alice.client().last()).isEqualTo("Wrong operator password");
        assertThat(this.server.peerCommands()).isEmpty();
        assertThat(this.bob.client().closedWith()).isNull();

        this.alice.type("/oper sesame");
        this.alice.type("/kill bob");

        assertThat(this.bob.client().closedWith()).isEqualTo("You have been killed by alice");
        this.alice.type("/peer-listen 127.0.0.1 9000");
        this.alice.type("/peer-connect localhost 9001");
        this.alice.type("/peer-kill localhost 9001");
        assertThat(this.server.peerCommands()).containsExactly("listen 127.0.0.1 9000", "connect localhost 9001",
                "disconnect localhost 9001");
    }

    @Test
    void peerCommandsCheckTheirArguments() {
        this.alice.type("/oper sesame");
        this.alice.type("/peer-connect localhost");
        assertThat(this.alice.client().last()).isEqualTo("Usage: /peer-connect <host> <port> (port 0-65535)");
        this.alice.type("/peer-connect localhost 70000");
        assertThat(this.alice.client().last()).isEqualTo("Usage: /peer-connect <host> <port> (port 0-65535)");
        assertThat(this.server.peerCommands()).isEmpty();
    }

    @Test
    void peersAndReachableDescribeALoneServer() {
        this.alice.type("/peers");
        this.alice.type("/reachable");

        assertThat(this.alice.lines()).containsExactly("There are 0 peers directly connected",
                "There are 0 reachable peers:");
    }
}
