package dev.msgsuite.talker.mesh;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

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
 * mark the source's next ids here ahead of it. A link that only claims to be the source (or is
 * stuck) does not bring the ids it is waited for: after {@link #AUTHORITY_GRACE_MILLIS} it loses
 * that authority until it brings an id at least as new as any relayed one.
 */
final class SeenFilter {

    static final int WINDOW = 4096;

    static final int MAX_SOURCES = 10_000;

    /** Windows kept in all (512 bytes each): the least recently heard sources go first. */
    static final int MAX_WINDOWS = 40_000;

    /** Windows kept per source: links come and go, the least recently used window goes first. */
    static final int MAX_WINDOWS_PER_SOURCE = 64;

    /** How long relayed lines wait for the source's own link to bring the ids they are ahead of. */
    static final long AUTHORITY_GRACE_MILLIS = 5_000;

    enum Sighting {
        /** Not seen before: forward and handle it. */
        FIRST,
        /** Seen already, or older than its link's window. */
        SEEN,
        /** Relayed ahead of what the source's own link brought: that link brings it if it is genuine. */
        AHEAD_OF_SOURCE
    }

    private final Map<String, Source> sources = new LinkedHashMap<>(64, 0.75f, true);

    private final LongSupplier clockMillis;

    private int windows;

    SeenFilter(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

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
        if (!fromSourcesLink && sourceLinked && known.direct >= 0 && !known.lapsed && messageId > known.direct
                && waitForSourcesLink(known, messageId)) {
            return Sighting.AHEAD_OF_SOURCE;
        }
        Window own = known.windows.get(link);
        boolean seen = own != null && messageId <= own.highest - WINDOW;
        for (Window window : known.windows.values()) {
            seen = seen || window.marks(messageId);
        }
        if (seen) {
            if (fromSourcesLink) {
                sourcesLinkBrought(known, messageId);
            }
            return Sighting.SEEN;
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
            sourcesLinkBrought(known, messageId);
        }
        else {
            known.relayed = Math.max(known.relayed, messageId);
        }
        return Sighting.FIRST;
    }

    private boolean waitForSourcesLink(Source source, long messageId) {
        long now = this.clockMillis.getAsLong();
        if (source.waitingSince == Long.MIN_VALUE) {
            source.waitingSince = now;
            source.waitingFor = messageId;
            return true;
        }
        source.waitingFor = Math.min(source.waitingFor, messageId);
        if (now - source.waitingSince < AUTHORITY_GRACE_MILLIS) {
            return true;
        }
        source.lapsed = true;
        source.waitingSince = Long.MIN_VALUE;
        return false;
    }

    private static void sourcesLinkBrought(Source source, long messageId) {
        source.direct = Math.max(source.direct, messageId);
        if (source.waitingSince != Long.MIN_VALUE && messageId >= source.waitingFor) {
            source.waitingSince = Long.MIN_VALUE;
        }
        if (source.lapsed && messageId >= source.relayed) {
            source.lapsed = false;
        }
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

        // Highest id first seen over another link.
        private long relayed = -1;

        // Since when relayed lines wait for the source's link to bring waitingFor (MIN_VALUE: none wait).
        private long waitingSince = Long.MIN_VALUE;

        private long waitingFor;

        // The source's link did not bring what relayed lines waited for: they count on their own.
        private boolean lapsed;
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
