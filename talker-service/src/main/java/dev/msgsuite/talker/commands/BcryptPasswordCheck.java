package dev.msgsuite.talker.commands;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks operator passwords against a bcrypt hash on one worker thread with a short queue: a
 * check costs tens of milliseconds of CPU, which must never stall the event loop every client
 * shares, and a flood of attempts must not queue without bound. Answers go back to the event loop.
 */
public final class BcryptPasswordCheck implements PasswordCheck, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BcryptPasswordCheck.class);

    private final PasswordEncoder encoder;

    private final String hash;

    private final Executor answers;

    private final ThreadPoolExecutor worker;

    /**
     * @param answers where verdicts are delivered: the server's event loop
     * @param queue checks that may wait behind the running one
     */
    public BcryptPasswordCheck(PasswordEncoder encoder, String hash, Executor answers, int queue) {
        this.encoder = encoder;
        this.hash = hash;
        this.answers = answers;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                Thread.ofPlatform().daemon().name("talker-operator-check").factory(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void check(String attempt, Consumer<Verdict> answer) {
        try {
            this.worker.execute(() -> {
                Verdict verdict = matches(attempt) ? Verdict.MATCH : Verdict.MISMATCH;
                try {
                    this.answers.execute(() -> answer.accept(verdict));
                }
                catch (RejectedExecutionException ex) {
                    log.debug("Operator password verdict dropped: the server is shutting down");
                }
            });
        }
        catch (RejectedExecutionException ex) {
            answer.accept(Verdict.BUSY);
        }
    }

    private boolean matches(String attempt) {
        try {
            return this.encoder.matches(attempt, this.hash);
        }
        catch (RuntimeException ex) {
            log.warn("Operator password check failed: {}", ex.toString());
            return false;
        }
    }

    @Override
    public void close() {
        this.worker.shutdownNow();
    }
}
