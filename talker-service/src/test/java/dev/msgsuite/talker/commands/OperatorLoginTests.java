package dev.msgsuite.talker.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.talker.support.InMemoryMesh;
import dev.msgsuite.talker.support.InMemoryMesh.Node;
import dev.msgsuite.talker.support.InMemoryMesh.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /oper and the peer commands' host rules on one server, without sockets. */
class OperatorLoginTests {

    private final InMemoryMesh mesh = new InMemoryMesh();

    @Test
    void withoutAnOperatorPasswordNobodyIsOperatorAndHelpDoesNotOfferIt() {
        Node server = this.mesh.node("s1", properties -> properties.withOperatorPasswordHash(null));
        User alice = server.connect("alice");

        alice.type("/oper " + InMemoryMesh.OPERATOR_PASSWORD);
        alice.type("/help");

        assertThat(alice.lines().getFirst()).isEqualTo("Operator commands are not available on this server");
        assertThat(alice.session().operator()).isFalse();
        assertThat(String.join("\n", alice.lines())).doesNotContain("/oper ", "/kill", "/peer-");
    }

    @Test
    void wrongPasswordsFromOneAddressAreThrottledWithoutHoldingUpOthers() {
        Node server = this.mesh.node("s1");
        User mallory = server.connect("mallory", "198.51.100.7");
        User accomplice = server.connect("accomplice", "198.51.100.7");
        User alice = server.connect("alice", "203.0.113.9");
        for (User user : new User[] { mallory, accomplice, alice }) {
            user.client().clear();
        }

        for (String guess : new String[] { "a", "b", "c" }) {
            mallory.type("/oper " + guess);
        }
        accomplice.type("/oper " + InMemoryMesh.OPERATOR_PASSWORD);
        alice.type("/oper " + InMemoryMesh.OPERATOR_PASSWORD);

        assertThat(mallory.lines()).containsExactly("Wrong operator password", "Wrong operator password",
                "Wrong operator password");
        assertThat(accomplice.lines())
            .containsExactly("Too many wrong operator passwords from your address: try again in 1 s");
        assertThat(accomplice.session().operator()).isFalse();
        assertThat(alice.lines()).containsExactly("You are now an operator");
        assertThat(server.metrics().operatorLogins("throttled")).isOne();

        server.clock().addAndGet(Duration.ofSeconds(1).toNanos());
        accomplice.type("/oper " + InMemoryMesh.OPERATOR_PASSWORD);

        assertThat(accomplice.client().last()).isEqualTo("You are now an operator");
    }

    @Test
    void peerListenBindsOnlyAllowedAddresses() {
        Node server = this.mesh.node("s1");
        User alice = server.connect("alice");
        alice.type("/oper " + InMemoryMesh.OPERATOR_PASSWORD);

        alice.type("/peer-listen 0.0.0.0 8890");
        alice.type("/peer-listen ::1 8890");

        assertThat(alice.lines()).contains(
                "Refused: peers may only be accepted on 127.0.0.1, ::1 (talker.peers.allowed-listen-hosts)");
        assertThat(server.peerCommands()).containsExactly("listen ::1 8890");
    }

    @Test
    void peerConnectDialsOnlyConfiguredPeersOrAllowedHosts() {
        Node server = this.mesh.node("s1", properties -> properties.withPeers(properties.peers()
            .withAllowedHosts(properties.peers().allowedListenHosts(), List.of("*.mesh.internal:8890"))));
        User alice = server.connect("alice");
        alice.type("/oper " + InMemoryMesh.OPERATOR_PASSWORD);

        alice.type("/peer-connect postgres 5432");
        alice.type("/peer-connect talker-2.mesh.internal 9999");
        alice.type("/peer-connect talker-2.mesh.internal 8890");

        assertThat(alice.lines()).contains("Refused: postgres:5432 is not a configured peer (talker.peers.connect) "
                + "nor allowed by talker.peers.allowed-connect-hosts");
        assertThat(server.peerCommands()).containsExactly("connect talker-2.mesh.internal 8890");
    }
}
