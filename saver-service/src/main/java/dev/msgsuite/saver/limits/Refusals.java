package dev.msgsuite.saver.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Counts every refusal by the limit that caused it: {@code saver.refusals{limit=...}}. */
@Component
public class Refusals {

    /** A JSON request body larger than {@code saver.limits.max-request-body}. */
    public static final String REQUEST_BODY = "request-body";

    /** JSON beyond Jackson's read constraints (string length, nesting, number length). */
    public static final String JSON = "json";

    /** A job beyond the answer or message limits. */
    public static final String JOB_SIZE = "job-size";

    /** A command while {@code saver.limits.max-concurrent-commands} are waiting. */
    public static final String COMMANDS = "concurrent-commands";

    /** A result message dead-lettered (beyond the limits, malformed, or refused by the database). */
    public static final String RESULT = "result";

    /** A command reply or heartbeat dead-lettered. */
    public static final String REPLY = "reply";

    private final MeterRegistry registry;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    Refusals(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String limit) {
        this.counters.computeIfAbsent(limit, name -> Counter.builder("saver.refusals")
                .description("Requests and messages refused for exceeding a limit or being malformed")
                .tag("limit", name).register(this.registry)).increment();
    }
}
