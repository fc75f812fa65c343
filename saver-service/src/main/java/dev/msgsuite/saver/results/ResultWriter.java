package dev.msgsuite.saver.results;

import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.support.logging.LogSafe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Writes results, telling a database that is away from a row it will never take. While the
 * database is unreachable (or the failure is one that passes: a lost connection, a deadlock)
 * it keeps trying with a growing pause, logging the outage once and then once a minute, so
 * nothing is lost and nothing spins. Any other failure is about the rows: the batch is
 * written row by row, the rows at fault are handed to {@code refuse} (the dead-letter queue)
 * with the reason, and the rest are stored; a poison row is never retried for ever and never
 * holds up the rows that came with it. No Spring or broker: tested with a fake store.
 */
final class ResultWriter {

    private static final Logger log = LoggerFactory.getLogger(ResultWriter.class);

    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);

    private static final Duration REPORT_EVERY = Duration.ofMinutes(1);

    private final Consumer<List<ComputeResult>> store;

    private final Refuse refuse;

    private final Duration maxPause;

    private final Pause pause;

    private final BooleanSupplier keepTrying;

    ResultWriter(Consumer<List<ComputeResult>> store, Refuse refuse, Duration maxPause, Pause pause, BooleanSupplier keepTrying) {
        this.store = store;
        this.refuse = refuse;
        this.maxPause = maxPause;
        this.pause = pause;
        this.keepTrying = keepTrying;
    }

    /**
     * Stores what can be stored and refuses the rest; returns the results stored.
     *
     * @throws InterruptedException when stopped (or interrupted) while waiting for the
     * database: nothing of the batch is acknowledged then, and it comes back later
     */
    List<Received> write(List<Received> batch) throws InterruptedException {
        RuntimeException failure = attempt(batch);
        if (failure == null) {
            return batch;
        }
        if (batch.size() == 1) {
            refuse(batch.getFirst(), failure);
            return List.of();
        }
        List<Received> stored = new ArrayList<>(batch.size());
        for (Received row : batch) {
            RuntimeException rowFailure = attempt(List.of(row));
            if (rowFailure == null) {
                stored.add(row);
            }
            else {
                refuse(row, rowFailure);
            }
        }
        return stored;
    }

    /** Null once written; the failure that is about the rows otherwise. Waits out transient ones. */
    private RuntimeException attempt(List<Received> rows) throws InterruptedException {
        Duration wait = FIRST_PAUSE;
        long failingSince = 0;
        long lastReport = 0;
        for (int attempt = 1;; attempt++) {
            try {
                this.store.accept(rows.stream().map(Received::result).toList());
                if (failingSince != 0) {
                    log.info("Writing results works again after {} attempts", attempt);
                }
                return null;
            }
            catch (RuntimeException ex) {
                if (!isTransient(ex)) {
                    return ex;
                }
                long now = System.nanoTime();
                if (failingSince == 0) {
                    failingSince = now;
                    lastReport = now;
                    log.warn("Cannot write results, the database seems away; waiting for it (results stay in the queue): {}",
                            LogSafe.escape(ex.getMessage(), 500));
                }
                else if (now - lastReport >= REPORT_EVERY.toNanos()) {
                    lastReport = now;
                    log.warn("Still cannot write results after {} attempts in {} s: {}", attempt,
                            Duration.ofNanos(now - failingSince).toSeconds(), LogSafe.escape(ex.getMessage(), 500));
                }
                if (!this.keepTrying.getAsBoolean()) {
                    throw new InterruptedException("Stopping while the database is away; the results go back to the queue");
                }
                this.pause.sleep(wait);
                wait = wait.multipliedBy(2).compareTo(this.maxPause) > 0 ? this.maxPause : wait.multipliedBy(2);
            }
        }
    }

    private void refuse(Received row, RuntimeException failure) {
        String reason = "not storable: " + failure.getClass().getSimpleName() + ": " + mostSpecificMessage(failure);
        log.warn("Result dead-lettered: {}", LogSafe.escape(reason, 500));
        this.refuse.refuse(row.message(), reason.length() <= 1000 ? reason : reason.substring(0, 997) + "...");
    }

    private static String mostSpecificMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }

    /** Failures that pass by themselves: the database or the connection to it is away for now. */
    static boolean isTransient(Throwable ex) {
        return ex instanceof TransientDataAccessException || ex instanceof RecoverableDataAccessException
                || ex instanceof DataAccessResourceFailureException || ex instanceof CannotCreateTransactionException
                || ex instanceof TransactionSystemException;
    }

    /** A result and the message it came in. */
    record Received(Message message, ComputeResult result) {
    }

    interface Refuse {

        void refuse(Message message, String reason);
    }

    interface Pause {

        void sleep(Duration duration) throws InterruptedException;
    }
}
