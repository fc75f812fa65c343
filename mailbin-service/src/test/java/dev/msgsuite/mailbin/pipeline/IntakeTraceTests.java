package dev.msgsuite.mailbin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.mailbin.MailbinContext;
import dev.msgsuite.testsupport.tracing.RecordedSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** One trace from a form's POST through Kafka to the row in PostgreSQL. */
class IntakeTraceTests extends MailbinContext {

    @Test
    void aPostedFormIsOneTraceFromTheRequestToTheStoredRow() {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String form = uniqueForm("traced");

        // the poster's own trace context: the service continues it, so the test knows the trace id up front
        Map<String, Object> accepted = this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", newClientAddress())
                .header("traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01")
                .contentType(MediaType.APPLICATION_JSON).body("{\"message\": \"follow me\"}").exchange().expectStatus().isAccepted()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
        awaitStored(UUID.fromString((String) accepted.get("id")));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<SpanData> trace = RecordedSpans.ofTrace(traceId);
            assertThat(trace).as("spans of trace %s", traceId).anySatisfy(span -> {
                assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
                assertThat(span.getName()).containsIgnoringCase("post");
            });
            assertThat(trace).as("the record sent to Kafka").anySatisfy(span -> {
                assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
                assertThat(span.getName()).contains("mailbin.submissions");
            });
            SpanData store = trace.stream().filter(span -> span.getName().equals("mailbin.submissions.store")).findFirst()
                    .orElseThrow(() -> new AssertionError("no store span in " + names(trace)));
            assertThat(store.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(trace).as("the INSERT of the row, inside the store span").anySatisfy(span -> {
                assertThat(span.getParentSpanId()).isEqualTo(store.getSpanId());
                assertThat(span.getAttributes().asMap().values().toString().toLowerCase(Locale.ROOT)).contains("insert into submission");
            });
            assertThat(trace).allSatisfy(span -> assertThat(RecordedSpans.service(span)).isEqualTo("mailbin-service"));
        });
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(span -> span.getKind() + " " + span.getName()).toList();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
