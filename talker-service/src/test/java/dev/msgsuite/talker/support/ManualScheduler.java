package dev.msgsuite.talker.support;

import dev.msgsuite.talker.chat.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Holds scheduled tasks until the test lets time pass. */
public final class ManualScheduler implements Scheduler {

    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public void schedule(Duration delay, Runnable task) {
        this.tasks.add(task);
    }

    public void elapse() {
        List<Runnable> due = List.copyOf(this.tasks);
        this.tasks.clear();
        due.forEach(Runnable::run);
    }
}
