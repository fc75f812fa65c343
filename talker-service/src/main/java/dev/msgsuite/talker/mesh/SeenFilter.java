package dev.msgsuite.talker.mesh;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which {@code (source, message-id)} pairs went by, for good: ids are monotonic per
 * source, so per source it keeps the highest id seen plus a window of the ids just below it (lines
 * overtaking one another on different paths). Ids older than the window count as seen.
 */
final class SeenFilter {

    static final int WINDOW = 4096;

    private static final int MAX_SOURCES = 10_000;

    // Access order and a cap: a peer inventing source ids cannot grow this without bound.
    private final Map<String, Window> sources = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    /** Records the pair and tells whether it is the first time it is seen. */
    boolean firstSighting(String source, long messageId) {
        return this.sources.computeIfAbsent(source, key -> new Window()).mark(messageId);
    }

    private static final class Window {

        private final long[] bits = new long[WINDOW / 64];

        private long highest;

        boolean mark(long id) {
            if (id > this.highest) {
                if (id - this.highest >= WINDOW) {
                    java.util.Arrays.fill(this.bits, 0L);
                }
                else {
                    for (long skipped = this.highest + 1; skipped < id; skipped++) {
                        clear(skipped);
                    }
                }
                this.highest = id;
                set(id);
                return true;
            }
            if (id <= this.highest - WINDOW) {
                return false;
            }
            if (isSet(id)) {
                return false;
            }
            set(id);
            return true;
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
