package dev.msgsuite.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The W3C {@code traceparent} of the span current on the calling thread
 * ({@code 00-<trace id>-<span id>-<flags>}), or null outside any trace. For payloads that travel
 * where no header does, such as skill-bus events.
 */
public final class CurrentTraceParent implements Supplier<@Nullable String> {

    private final Tracer tracer;

    public CurrentTraceParent(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public @Nullable String get() {
        Span span = this.tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return null;
        }
        TraceContext context = span.context();
        return "00-" + context.traceId() + "-" + context.spanId() + "-" + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
    }
}
