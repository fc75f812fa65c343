package dev.msgsuite.talker.chat;

import java.time.Duration;

/** Runs a task later on the server's event loop (a manual one in unit tests). */
@FunctionalInterface
public interface Scheduler {

    void schedule(Duration delay, Runnable task);
}
