package dev.msgsuite.saver;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * saver-service's default limits and the allocation of the current thread, to show that a parser
 * of hostile JSON ({@link dev.msgsuite.testsupport.JsonMutations}) stays within a small multiple
 * of its input.
 */
public final class HostileJson {

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private HostileJson() {
    }

    /** saver-service's limits as it runs by default. */
    public static SaverProperties.Limits defaultLimits() {
        return new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("saver", SaverProperties.class).limits();
    }

    /**
     * Runs the parse and checks that the current thread allocated at most {@code perByte} times
     * the input's size plus a fixed allowance for the parser's buffers and an exception's stack
     * trace. Parse something once before measuring: the first use of a type builds its
     * deserializers.
     */
    public static <T> T withinAllocation(int inputBytes, long perByte, Supplier<T> parse) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        T value = parse.get();
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated reading %d bytes", inputBytes)
                .isLessThanOrEqualTo(1024 * 1024 + perByte * inputBytes);
        return value;
    }
}
