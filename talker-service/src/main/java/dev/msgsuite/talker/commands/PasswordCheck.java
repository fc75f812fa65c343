package dev.msgsuite.talker.commands;

import java.util.function.Consumer;

/** Compares a password with the configured operator password hash, away from the event loop. */
@FunctionalInterface
public interface PasswordCheck {

    /** The outcome of one check. */
    enum Verdict {
        MATCH, MISMATCH,
        /** Too many checks already waiting: nothing was compared. */
        BUSY
    }

    /**
     * Starts a check; {@code answer} runs later on the server's event loop (at once when the check
     * cannot even be queued).
     */
    void check(String attempt, Consumer<Verdict> answer);
}
