package dev.msgsuite.talker.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeenFilterTests {

    private final SeenFilter seen = new SeenFilter();

    @Test
    void acceptsEachIdOncePerSource() {
        assertThat(this.seen.firstSighting("a", 1)).isTrue();
        assertThat(this.seen.firstSighting("a", 1)).isFalse();
        assertThat(this.seen.firstSighting("b", 1)).isTrue();
        assertThat(this.seen.firstSighting("a", 2)).isTrue();
    }

    @Test
    void acceptsLinesThatOvertookOneAnotherWithinTheWindow() {
        assertThat(this.seen.firstSighting("a", 10)).isTrue();
        assertThat(this.seen.firstSighting("a", 8)).isTrue();
        assertThat(this.seen.firstSighting("a", 9)).isTrue();
        assertThat(this.seen.firstSighting("a", 8)).isFalse();
        assertThat(this.seen.firstSighting("a", 9)).isFalse();
        assertThat(this.seen.firstSighting("a", 10)).isFalse();
    }

    @Test
    void neverForgetsHoweverManyLinesWentBy() {
        for (long id = 1; id <= 3 * SeenFilter.WINDOW; id++) {
            assertThat(this.seen.firstSighting("a", id)).isTrue();
        }
        assertThat(this.seen.firstSighting("a", 1)).isFalse();
        assertThat(this.seen.firstSighting("a", 2 * SeenFilter.WINDOW)).isFalse();
        assertThat(this.seen.firstSighting("a", 3 * SeenFilter.WINDOW)).isFalse();
    }

    @Test
    void aJumpAheadForgetsNothingRecent() {
        assertThat(this.seen.firstSighting("a", 5)).isTrue();
        assertThat(this.seen.firstSighting("a", 5 + SeenFilter.WINDOW - 1)).isTrue();
        assertThat(this.seen.firstSighting("a", 5)).isFalse();
        assertThat(this.seen.firstSighting("a", 6)).isTrue();
        assertThat(this.seen.firstSighting("a", 6)).isFalse();
        assertThat(this.seen.firstSighting("a", 1_000_000)).isTrue();
        assertThat(this.seen.firstSighting("a", 7)).isFalse();
    }
}
