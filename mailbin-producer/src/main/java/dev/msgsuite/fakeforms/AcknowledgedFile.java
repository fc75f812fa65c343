package dev.msgsuite.fakeforms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file of {@link HealthProperties#file()}: its age is the time since Kafka last acknowledged
 * a submission, which a process check alone cannot tell (a producer whose sends all fail still runs).
 * Used from the producer's one ticker thread.
 */
final class AcknowledgedFile {

    private static final Logger log = LoggerFactory.getLogger(AcknowledgedFile.class);

    private static final long MIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final @Nullable Path file;

    private long written = -1;

    private long writtenAtNanos;

    private boolean failureLogged;

    AcknowledgedFile(@Nullable Path file) {
        this.file = file;
    }

    /** Rewrites the file if more submissions were acknowledged since it was last written, a second ago or more. */
    void update(long acknowledged, long nowNanos) {
        if (this.file == null || acknowledged == this.written
                || (this.written >= 0 && nowNanos - this.writtenAtNanos < MIN_INTERVAL_NANOS)) {
            return;
        }
        try {
            // the healthcheck never sees a half-written file
            Path next = this.file.resolveSibling(this.file.getFileName() + ".next");
            Files.writeString(next, acknowledged + "\n", StandardCharsets.US_ASCII);
            Files.move(next, this.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            this.written = acknowledged;
            this.writtenAtNanos = nowNanos;
        }
        catch (IOException ex) {
            if (!this.failureLogged) {
                this.failureLogged = true;
                log.warn("Cannot write the health file {} (its healthcheck will fail): {}", this.file, ex.toString());
            }
        }
    }
}
