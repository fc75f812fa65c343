package dev.msgsuite.talker.mesh;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which {@code (source, message-id)} pairs went by, for good. Ids are monotonic per
 * source and a peer forwards a source's lines in about the order it got them, so per source and
 * per link they came over it keeps the highest id plus a window of the ids just below it (lines
 * overtaking one another on different paths). A line is seen when any of the source's windows
 * marks it, or when it is older than the window of its own link.
 * <p>
 * A window only moves with what its own link brings: a peer relaying a forged far-ahead id moves
 * its own window, never the ones the source's genuine lines arrive in. And a source's own direct
 * link is its authority: the source sends each line over it once and in order, so while this
 * server has such a link, a copy relayed by anyone else may only repeat what that link brought
 * (a genuine copy that overtook it is refused and arrives over the link right after); no peer can
 * mark the source's next ids here ahead of it.
 */
final class SeenFilter {

    static final int WINDOW = 4096;

    static final int MAX_SOURCES = 10_000;

    /** Windows kept in all (512 bytes each): the least recently heard sources go first. */
    static final int MAX_WINDOWS = 40_000;

    /** Windows kept per source: links come and go, the least recently used window goes first. */
    static final int MAX_WINDOWS_PER_SOURCE = 64;

    enum Sighting {
        /** Not seen before: forward and handle it. */
        FIRST,
        /** Seen already, or older than its link's window. */
        SEEN,
        /** Relayed ahead of what the source's own link brought: that link brings it if it is genuine. */
        AHEAD_OF_SOURCE
    }

    private final Map<String, Source> sources = new LinkedHashMap<>(64, 0.75f, true);

    private int windows;

    /**
     * @param link the link the line came over
     * @param fromSourcesLink whether that link is the source's own (its peer introduced itself as the source)
     * @param sourceLinked whether the source has a link of its own to this server
     */
    Sighting sighting(String source, long messageId, Object link, boolean fromSourcesLink, boolean sourceLinked) {
        Source known = this.sources.get(source);
        if (known == null) {
            known = new Source();
            this.sources.put(source, known);
        }
        if (!fromSourcesLink && sourceLinked && known.direct >= 0 && messageId > known.direct) {
            return Sighting.AHEAD_OF_SOURCE;
        }
        Window own = known.windows.get(link);
        if (own != null && messageId <= own.highest - WINDOW) {
            return Sighting.SEEN;
        }
        for (Window window : known.windows.values()) {
            if (window.marks(messageId)) {
                return Sighting.SEEN;
            }
        }
        if (own == null) {
            own = new Window(messageId);
            known.windows.put(link, own);
            this.windows++;
            trim(known);
        }
        else {
            own.mark(messageId);
        }
        if (fromSourcesLink) {
            known.direct = Math.max(known.direct, messageId);
        }
        return Sighting.FIRST;
    }

    /** A plain relayed line over one link, for callers that know of no direct links. */
    boolean firstSighting(String source, long messageId, Object link) {
        return sighting(source, messageId, link, false, false) == Sighting.FIRST;
    }

    int sources() {
        return this.sources.size();
    }

    int windows() {
        return this.windows;
    }

    private void trim(Source source) {
        if (source.windows.size() > MAX_WINDOWS_PER_SOURCE) {
            Iterator<Window> eldest = source.windows.values().iterator();
            eldest.next();
            eldest.remove();
            this.windows--;
        }
        Iterator<Source> eldest = this.sources.values().iterator();
        while ((this.sources.size() > MAX_SOURCES || this.windows > MAX_WINDOWS) && eldest.hasNext()) {
            Source evicted = eldest.next();
            if (evicted == source) {
                continue;
            }
            this.windows -= evicted.windows.size();
            eldest.remove();
        }
    }

    private static final class Source {

        // Access order: the window of a link gone for good ages out first.
        private final Map<Object, Window> windows = new LinkedHashMap<>(4, 0.75f, true);

        // Highest id the source's own link brought; -1 before any.
        private long direct = -1;
    }

    private static final class Window {

        private final long[] bits = new long[WINDOW / 64];

        private long highest;

        Window(long first) {
            this.highest = first;
            set(first);
        }

        boolean marks(long id) {
            return id <= this.highest && id > this.highest - WINDOW && isSet(id);
        }

        void mark(long id) {
            if (id > this.highest) {
                if (id - this.highest >= WINDOW) {
                    Arrays.fill(this.bits, 0L);
                }
                else {
                    for (long skipped = this.highest + 1; skipped < id; skipped++) {
                        clear(skipped);
                    }
                }
                this.highest = id;
            }
            set(id);
        }

        private int index(long id) {
            return (int) Math.floorMod(id, (long) WINDOW);
        }

        private void set(long id) {
            int i = index(id);
            this.bits[i >>> 6] |= 1L << (i & 63);
        }

        private void clear(long id) {
            int i = index(id);
            this.bits[i >>> 6] &= ~(1L << (i & 63));
        }

        private boolean isSet(long id) {
            int i = index(id);
            return (this.bits[i >>> 6] & (1L << (i & 63))) != 0;
        }
    }
}
