package dev.msgsuite.bus.protocol;

import dev.msgsuite.support.logging.LogSafe;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs one connection's refused frames, at most {@value #PER_SECOND} per second: a client
 * sending garbage at network speed must not fill the disk or drown other lines. The rest are
 * counted and the count is logged with the next line that gets through. Client text is escaped
 * and cut ({@link LogSafe}), so it can never forge a line. One per connection, called by its reader.
 */
final class RefusalLog {

    static final int PER_SECOND = 10;

    private static final long SECOND = 1_000_000_000L;

    private final Logger log;

    private final Level level;

    private long windowStart = System.nanoTime() - SECOND;

    private int loggedInWindow;

    private long suppressed;

    RefusalLog(Logger log, Level level) {
        this.log = log;
        this.level = level;
    }

    void refused(String protocol, String client, ProtocolException refusal) {
        if (!this.log.isEnabledForLevel(this.level)) {
            return;
        }
        long now = System.nanoTime();
        if (now - this.windowStart >= SECOND) {
            this.windowStart = now;
            this.loggedInWindow = 0;
        }
        if (this.loggedInWindow >= PER_SECOND) {
            this.suppressed++;
            return;
        }
        this.loggedInWindow++;
        String more = this.suppressed == 0 ? "" : " (" + this.suppressed + " more refused frames not logged)";
        this.suppressed = 0;
        this.log.atLevel(this.level).log("{} client {}: refused frame ({}): {}{}", protocol, LogSafe.escape(client),
                refusal.code().wire(), LogSafe.escape(refusal.getMessage()), more);
    }
}
