package dev.msgsuite.talker.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.talker.mesh.SeenFilter.Sighting;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SeenFilterTests {

    private static final long LINK = 1;

    private static final long OTHER_LINK = 2;

    private static final long ROGUE_LINK = 3;

    private final AtomicLong clock = new AtomicLong(1_000_000);

    private final SeenFilter seen = new SeenFilter(this.clock::get);

    @Test
    void acceptsEachIdOncePerSource() {
        assertThat(first("a", 1)).isTrue();
        assertThat(first("a", 1)).isFalse();
        assertThat(first("b", 1)).isTrue();
        assertThat(first("a", 2)).isTrue();
    }

    @Test
    void acceptsLinesThatOvertookOneAnotherWithinTheWindow() {
        assertThat(first("a", 10)).isTrue();
        assertThat(first("a", 8)).isTrue();
        assertThat(first("a", 9)).isTrue();
        assertThat(first("a", 8)).isFalse();
        assertThat(first("a", 9)).isFalse();
        assertThat(first("a", 10)).isFalse();
    }

    @Test
    void neverForgetsHoweverManyLinesWentBy() {
        for (long id = 1; id <= 3 * SeenFilter.WINDOW; id++) {
            assertThat(first("a", id)).isTrue();
        }
        assertThat(first("a", 1)).isFalse();
        assertThat(first("a", 2 * SeenFilter.WINDOW)).isFalse();
        assertThat(first("a", 3 * SeenFilter.WINDOW)).isFalse();
    }

    @Test
    void aJumpAheadForgetsNothingRecent() {
        assertThat(first("a", 5)).isTrue();
        assertThat(first("a", 5 + SeenFilter.WINDOW - 1)).isTrue();
        assertThat(first("a", 5)).isFalse();
        assertThat(first("a", 6)).isTrue();
        assertThat(first("a", 6)).isFalse();
        assertThat(first("a", 1_000_000)).isTrue();
        assertThat(first("a", 7)).isFalse();
    }

    @Test
    void aCopyOverAnotherLinkIsSeen() {
        assertThat(this.seen.firstSighting("a", 5, LINK)).isTrue();
        assertThat(this.seen.firstSighting("a", 5, OTHER_LINK)).isFalse();
        assertThat(this.seen.firstSighting("a", 6, OTHER_LINK)).isTrue();
        assertThat(this.seen.firstSighting("a", 6, LINK)).isFalse();
        assertThat(this.seen.firstSighting("a", 4, OTHER_LINK)).isTrue();
        assertThat(this.seen.firstSighting("a", 4, LINK)).isFalse();
    }

    @Test
    void idsForgedFarAheadOverOneLinkLeaveTheSourcesLaterLinesUnseen() {
        for (long id = 1; id <= 3; id++) {
            assertThat(this.seen.firstSighting("a", id, LINK)).isTrue();
        }

        // Ratcheting up a window at a time, then leaping, moves only the rogue's own window.
        assertThat(this.seen.firstSighting("a", 4 + SeenFilter.WINDOW - 1, ROGUE_LINK)).isTrue();
        assertThat(this.seen.firstSighting("a", 4 + 2L * SeenFilter.WINDOW, ROGUE_LINK)).isTrue();
        assertThat(this.seen.firstSighting("a", Long.MAX_VALUE, ROGUE_LINK)).isTrue();

        assertThat(this.seen.firstSighting("a", 4, LINK)).isTrue();
        assertThat(this.seen.firstSighting("a", 4, OTHER_LINK)).isFalse();
        assertThat(this.seen.firstSighting("a", 5, OTHER_LINK)).isTrue();
        assertThat(this.seen.firstSighting("a", 5, LINK)).isFalse();
        assertThat(this.seen.firstSighting("a", 5, ROGUE_LINK)).isFalse();
    }

    @Test
    void aRelayedIdAheadOfTheSourcesOwnLinkIsRefusedAndLeavesNoTrace() {
        assertThat(direct("x", 1)).isEqualTo(Sighting.FIRST);
        assertThat(direct("x", 2)).isEqualTo(Sighting.FIRST);

        assertThat(relayed("x", Long.MAX_VALUE / 2)).isEqualTo(Sighting.AHEAD_OF_SOURCE);

        assertThat(direct("x", 3)).isEqualTo(Sighting.FIRST);
        assertThat(relayed("x", 3)).isEqualTo(Sighting.SEEN);
        assertThat(direct("x", 4)).isEqualTo(Sighting.FIRST);
    }

    @Test
    void noPeerCanMarkTheNextIdsOfASourceLinkedHere() {
        assertThat(direct("x", 1)).isEqualTo(Sighting.FIRST);
        for (long id = 2; id <= 10; id++) {
            assertThat(relayed("x", id)).isEqualTo(Sighting.AHEAD_OF_SOURCE);
        }

        for (long id = 2; id <= 10; id++) {
            assertThat(direct("x", id)).isEqualTo(Sighting.FIRST);
            assertThat(relayed("x", id)).isEqualTo(Sighting.SEEN);
        }
    }

    @Test
    void aWindowPushedAheadBeforeTheSourceLinkedHereDoesNotSilenceItsLink() {
        assertThat(this.seen.sighting("x", 1_000_000_000L, ROGUE_LINK, false, false)).isEqualTo(Sighting.FIRST);

        // Its i-am, then its lines.
        assertThat(direct("x", 7)).isEqualTo(Sighting.FIRST);
        assertThat(direct("x", 8)).isEqualTo(Sighting.FIRST);
        assertThat(relayed("x", 8)).isEqualTo(Sighting.SEEN);
        assertThat(relayed("x", 1_000_000_001L)).isEqualTo(Sighting.AHEAD_OF_SOURCE);
    }

    @Test
    void aLinkThatOnlyClaimsToBeTheSourceLosesItsAuthorityWhenItDoesNotBringWhatIsWaitedFor() {
        // The rogue introduced itself as x and then says nothing.
        assertThat(direct("x", 1)).isEqualTo(Sighting.FIRST);
        assertThat(relayed("x", 500)).isEqualTo(Sighting.AHEAD_OF_SOURCE);
        assertThat(direct("x", 2)).isEqualTo(Sighting.FIRST);
        this.clock.addAndGet(SeenFilter.AUTHORITY_GRACE_MILLIS - 1);
        assertThat(relayed("x", 501)).isEqualTo(Sighting.AHEAD_OF_SOURCE);

        this.clock.addAndGet(1);
        assertThat(relayed("x", 502)).isEqualTo(Sighting.FIRST);
        assertThat(relayed("x", 500)).isEqualTo(Sighting.FIRST);
        assertThat(relayed("x", 500)).isEqualTo(Sighting.SEEN);
        assertThat(direct("x", 3)).isEqualTo(Sighting.FIRST);
        assertThat(relayed("x", 503)).isEqualTo(Sighting.FIRST);

        // A link that catches up is the authority again.
        assertThat(direct("x", 504)).isEqualTo(Sighting.FIRST);
        assertThat(relayed("x", 505)).isEqualTo(Sighting.AHEAD_OF_SOURCE);
    }

    @Test
    void aSlowButGenuineLinkKeepsItsAuthority() {
        assertThat(direct("x", 1)).isEqualTo(Sighting.FIRST);
        for (long id = 2; id < 100; id++) {
            assertThat(relayed("x", id)).isEqualTo(Sighting.AHEAD_OF_SOURCE);
            this.clock.addAndGet(SeenFilter.AUTHORITY_GRACE_MILLIS - 1);
            assertThat(direct("x", id)).isEqualTo(Sighting.FIRST);
        }
    }

    @Test
    void sourcesAndWindowsAreCapped() {
        for (int i = 0; i < SeenFilter.MAX_SOURCES + 100; i++) {
            this.seen.firstSighting("s" + i, 1, LINK);
        }
        assertThat(this.seen.sources()).isEqualTo(SeenFilter.MAX_SOURCES);

        for (long link = 0; link < SeenFilter.MAX_WINDOWS_PER_SOURCE + 10; link++) {
            this.seen.firstSighting("many-links", link + 1, 100 + link);
        }
        for (int i = 0; i < SeenFilter.MAX_SOURCES; i++) {
            for (long link = 0; link < 5; link++) {
                this.seen.firstSighting("t" + i, link + 1, link);
            }
        }
        assertThat(this.seen.windows()).isLessThanOrEqualTo(SeenFilter.MAX_WINDOWS);
        assertThat(this.seen.sources()).isLessThanOrEqualTo(SeenFilter.MAX_SOURCES);
    }

    private boolean first(String source, long id) {
        return this.seen.firstSighting(source, id, LINK);
    }

    private Sighting direct(String source, long id) {
        return this.seen.sighting(source, id, LINK, true, true);
    }

    private Sighting relayed(String source, long id) {
        return this.seen.sighting(source, id, OTHER_LINK, false, true);
    }
}
