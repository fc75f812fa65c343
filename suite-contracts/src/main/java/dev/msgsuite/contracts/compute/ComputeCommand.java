package dev.msgsuite.contracts.compute;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A command published to every compute node at once.
 *
 * @param commandId correlates the replies
 * @param command one of {@link #CONFIGURE}, {@link #PING}, {@link #SHUTDOWN_DRAIN}, {@link #CANCEL}
 * @param election for {@link #CONFIGURE}: the election to load
 * @param replyTo routing key on the replies exchange where nodes answer
 * @param issuedAt when the coordinator sent it
 * @param jobId for {@link #CANCEL}: the job whose remaining batches are skipped
 */
public record ComputeCommand(String commandId, String command, @Nullable Election election, String replyTo,
        Instant issuedAt, @Nullable String jobId) {

    public ComputeCommand(String commandId, String command, @Nullable Election election, String replyTo, Instant issuedAt) {
        this(commandId, command, election, replyTo, issuedAt, null);
    }

    /**
     * Skip the job's batches from now on: acknowledge them unread, reporting them cancelled;
     * replies {@code cancelled}. Nodes remember cancelled jobs for a while (bounded).
     */
    public static final String CANCEL = "cancel";

    /** Load an election so jobs for it need no fetch; replies {@code configured}. */
    public static final String CONFIGURE = "configure";

    /** Liveness and statistics; replies {@code pong}. */
    public static final String PING = "ping";

    /** Stop taking jobs, finish the ones in flight, then stop; replies {@code draining}. */
    public static final String SHUTDOWN_DRAIN = "shutdown-drain";
}
