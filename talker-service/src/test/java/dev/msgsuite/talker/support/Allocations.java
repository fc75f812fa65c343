package dev.msgsuite.talker.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates while a parser runs, checked against a bound proportional to the input. */
public final class Allocations {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    /**
     * Runs {@code parse} and asserts it allocated at most {@code allowance + perUnit * units}
     * bytes: parsing may copy its input a few times, never allocate by what the input claims.
     */
    public static void assertBounded(long allowance, long perUnit, long units, Runnable parse) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        parse.run();
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated handling an input of %d units", units)
            .isLessThanOrEqualTo(allowance + perUnit * units);
    }
}
