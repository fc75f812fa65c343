package dev.msgsuite.saver.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.compute.CommandReply;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReplyGatheringTests {

    @Test
    void completesAsSoonAsEveryExpectedNodeReplied() throws Exception {
        ReplyGathering gathering = new ReplyGathering(Set.of("a", "b"));
        CompletableFuture<Boolean> complete = CompletableFuture.supplyAsync(() -> {
            try {
                return gathering.await(Duration.ofSeconds(30));
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });

        gathering.add(new CommandReply("c", "a", "pong", ""));
        gathering.add(new CommandReply("c", "b", "pong", ""));

        assertThat(complete.get()).isTrue();
        assertThat(gathering.missing()).isEmpty();
        assertThat(gathering.replies()).extracting(CommandReply::nodeId).containsExactly("a", "b");
    }

    @Test
    void timesOutNamingWhoDidNotReplyAndKeepsUnexpectedRepliers() throws InterruptedException {
        ReplyGathering gathering = new ReplyGathering(Set.of("a", "b", "c"));
        gathering.add(new CommandReply("c", "b", "pong", ""));
        gathering.add(new CommandReply("c", "new-node", "pong", ""));
        gathering.add(new CommandReply("c", "b", "pong", "duplicate"));

        assertThat(gathering.await(Duration.ofMillis(50))).isFalse();
        assertThat(gathering.missing()).containsExactly("a", "c");
        assertThat(gathering.replies()).extracting(CommandReply::nodeId).containsExactly("b", "new-node");
    }

    @Test
    void withNoKnownNodeListensForTheWholeTimeout() throws InterruptedException {
        ReplyGathering gathering = new ReplyGathering(Set.of());
        gathering.add(new CommandReply("c", "first", "pong", ""));

        assertThat(gathering.await(Duration.ofMillis(50))).isFalse();
        assertThat(gathering.replies()).hasSize(1);
        assertThat(gathering.missing()).isEmpty();
    }

    @Test
    void keepsABoundedNumberOfRepliesFromNodesNotWaitedForAndAlwaysTheExpectedOnes() {
        ReplyGathering gathering = new ReplyGathering(Set.of("a"));
        for (int i = 0; i < ReplyGathering.MAX_REPLIES + 50; i++) {
            gathering.add(new CommandReply("c", "made-up-" + i, "pong", ""));
        }
        gathering.add(new CommandReply("c", "a", "pong", ""));

        assertThat(gathering.replies()).hasSize(ReplyGathering.MAX_REPLIES + 1);
        assertThat(gathering.completion()).isCompletedWithValue(true);
    }
}
