package dev.msgsuite.testsupport.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Every span finished by the application contexts of this test JVM that record them (those that
 * import {@link Configuration} or start with {@link #initializer()}), exported as each one ends,
 * so a test can follow one trace from an HTTP request through brokers to the database, across
 * services running side by side. Only the newest {@value #CAPACITY} are kept: a shared test
 * context records as long as it lives.
 */
public final class RecordedSpans {

    static final int CAPACITY = 20_000;

    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private static final ConcurrentLinkedDeque<SpanData> SPANS = new ConcurrentLinkedDeque<>();

    private static final AtomicInteger SIZE = new AtomicInteger();

    private RecordedSpans() {
    }

    /** The span processor to add to an application's tracer provider (Boot adds every {@link SpanProcessor} bean). */
    public static SpanProcessor processor() {
        return SimpleSpanProcessor.create(new Exporter());
    }

    /** Records the spans of an application started with a {@code SpringApplicationBuilder}. */
    public static ApplicationContextInitializer<ConfigurableApplicationContext> initializer() {
        return context -> context.getBeanFactory().registerSingleton("recordedSpansProcessor", processor());
    }

    /** The recorded spans of one trace, in the order they ended. */
    public static List<SpanData> ofTrace(String traceId) {
        return SPANS.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    /** All recorded spans, oldest first. */
    public static List<SpanData> all() {
        return new ArrayList<>(SPANS);
    }

    /** The {@code service.name} of the application that recorded the span ({@code spring.application.name}). */
    public static String service(SpanData span) {
        String name = span.getResource().getAttribute(SERVICE_NAME);
        return name == null ? "" : name;
    }

    /** Adds {@link RecordedSpans#processor()} to the test's application context. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        SpanProcessor recordedSpansProcessor() {
            return processor();
        }
    }

    private static final class Exporter implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            for (SpanData span : spans) {
                SPANS.addLast(span);
                if (SIZE.incrementAndGet() > CAPACITY && SPANS.pollFirst() != null) {
                    SIZE.decrementAndGet();
                }
            }
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
