package dev.msgsuite.saver.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.compute.CommandReply;
import dev.msgsuite.contracts.compute.NodeHeartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeRegistryTests {

    private Instant now = Instant.parse("2026-01-01T10:00:00Z");

    private final NodeRegistry registry = new NodeRegistry(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return NodeRegistryTests.this.now;
        }
    }, Duration.ofSeconds(10), Duration.ofHours(1), 3);

    @Test
    void heartbeatsShowStatusElectionsAndCounts() {
        this.registry.heartbeat(new NodeHeartbeat("n1", "working", List.of("e1"), 42, 2, this.now));

        assertThat(this.registry.list()).singleElement().satisfies(node -> {
            assertThat(node.status()).isEqualTo("working");
            assertThat(node.elections()).containsExactly("e1");
            assertThat(node.jobsDone()).isEqualTo(42);
            assertThat(node.lastSeen()).isEqualTo(this.now);
        });
        assertThat(this.registry.liveNodeIds()).containsExactly("n1");
    }

    @Test
    void aReplyDiscoversANode() {
        this.registry.replied(new CommandReply("c", "n2", "configured", "e1"));

        assertThat(this.registry.liveNodeIds()).containsExactly("n2");
    }

    @Test
    void silentNodesAreLostAndNotWaitedFor() {
        this.registry.heartbeat(new NodeHeartbeat("n1", "idle", List.of(), 0, 0, this.now));
        this.now = this.now.plusSeconds(11);

        assertThat(this.registry.list()).extracting(NodeRegistry.NodeView::status).containsExactly("lost");
        assertThat(this.registry.liveNodeIds()).isEmpty();
    }

    @Test
    void drainedNodesAreNotWaitedFor() {
        this.registry.heartbeat(new NodeHeartbeat("n1", "drained", List.of(), 5, 0, this.now));

        assertThat(this.registry.liveNodeIds()).isEmpty();
        assertThat(this.registry.list()).extracting(NodeRegistry.NodeView::status).containsExactly("drained");
    }

    @Test
    void nodesSilentForLongAreForgotten() {
        this.registry.heartbeat(new NodeHeartbeat("n1", "idle", List.of(), 0, 0, this.now));
        this.now = this.now.plus(Duration.ofHours(1)).plusSeconds(1);

        assertThat(this.registry.list()).isEmpty();
    }

    @Test
    void beyondTheMostNodesTheOneSilentLongestIsForgotten() {
        for (String node : List.of("n1", "n2", "n3")) {
            this.registry.heartbeat(new NodeHeartbeat(node, "idle", List.of(), 0, 0, this.now));
            this.now = this.now.plusSeconds(1);
        }
        this.registry.heartbeat(new NodeHeartbeat("n1", "idle", List.of(), 0, 0, this.now));

        this.registry.replied(new CommandReply("c", "n4", "pong", ""));

        assertThat(this.registry.list()).extracting(NodeRegistry.NodeView::id).containsExactly("n1", "n3", "n4");
    }
}
