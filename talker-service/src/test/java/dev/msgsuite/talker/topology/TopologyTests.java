package dev.msgsuite.talker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopologyTests {

    private final Topology topology = new Topology("a");

    @Test
    void reachesEveryServerOfAChainThroughTheTables() {
        this.topology.record("b", 1, Set.of("a", "c"), false);
        this.topology.record("c", 1, Set.of("b", "d"), false);
        this.topology.record("d", 1, Set.of("c"), false);

        assertThat(this.topology.recompute(List.of("b"))).containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    void dropsServersNoLongerReachableAndCountsThemAsNewWhenTheyReturn() {
        this.topology.record("b", 1, Set.of("a", "c"), false);
        assertThat(this.topology.record("c", 1, Set.of("b"), false)).isTrue();
        this.topology.recompute(List.of("b"));

        this.topology.record("b", 2, Set.of("a"), false);
        assertThat(this.topology.recompute(List.of("b"))).containsExactlyInAnyOrder("a", "b");

        assertThat(this.topology.record("c", 3, Set.of("b"), false)).isTrue();
    }

    @Test
    void ignoresAnOlderISee() {
        this.topology.record("b", 5, Set.of("a", "c"), false);
        this.topology.record("c", 1, Set.of("b"), false);
        assertThat(this.topology.record("b", 4, Set.of("a"), false)).isFalse();

        assertThat(this.topology.recompute(List.of("b"))).contains("c");
    }

    @Test
    void aServerWithoutLinksReachesOnlyItself() {
        this.topology.record("b", 1, Set.of("a"), false);

        assertThat(this.topology.recompute(List.of())).containsExactly("a");
    }
}
