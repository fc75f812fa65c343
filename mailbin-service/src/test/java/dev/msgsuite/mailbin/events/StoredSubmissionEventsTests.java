package dev.msgsuite.mailbin.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.FormSubmission;
import dev.msgsuite.contracts.MailbinTopics;
import dev.msgsuite.mailbin.MailbinContext;
import dev.msgsuite.mailbin.events.StoredSubmissionEvents.SubmissionStoredPayload;
import dev.msgsuite.support.skillbus.RecordingBusEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Each stored submission is announced on the skill bus once, as a small preview. */
class StoredSubmissionEventsTests extends MailbinContext {

    @Autowired
    private RecordingBusEvents bus;

    @Autowired
    private KafkaTemplate<String, FormSubmission> kafka;

    @Test
    void aStoredSubmissionIsPublishedOnceWithAPreviewEvenWhenItsRecordIsDeliveredTwice() throws Exception {
        String form = uniqueForm("bus");
        String longText = "x".repeat(5000);
        FormSubmission submission = new FormSubmission(UUID.randomUUID(), form, Instant.parse("2026-11-22T10:00:00Z"), "test",
                "203.0.113.9", "agent", Map.of("message", List.of(longText), "tags", List.of("a", "b")));

        this.kafka.send(MailbinTopics.SUBMISSIONS, form, submission).get();
        this.kafka.send(MailbinTopics.SUBMISSIONS, form, submission).get();
        UUID sentinel = postJson(form, "{\"after\": \"both\"}");
        // same form = same partition: once the sentinel is announced, both earlier records were handled
        List<SubmissionStoredPayload> events = awaitEventFor(form, sentinel);

        assertThat(events).extracting(SubmissionStoredPayload::id).containsExactlyInAnyOrder(submission.id(), sentinel);
        SubmissionStoredPayload payload = events.stream().filter(event -> event.id().equals(submission.id())).findFirst().orElseThrow();
        assertThat(payload.formId()).isEqualTo(form);
        assertThat(payload.receivedAt()).isEqualTo(submission.receivedAt());
        assertThat(payload.source()).isEqualTo("test");
        assertThat(payload.fieldCount()).isEqualTo(2);
        assertThat(payload.preview().get("message")).hasSize(StoredSubmissionEvents.PREVIEW_LENGTH + 1).endsWith("…");
        assertThat(payload.preview().get("tags")).isEqualTo("a");
        assertThat(payload.href()).isEqualTo("/api/submissions/" + submission.id());
        // as the bus client turns it into the packet's payload (a default Jackson mapper)
        JsonNode json = JsonMapper.builder().build().valueToTree(payload);
        assertThat(json.get("id").asString()).isEqualTo(submission.id().toString());
        assertThat(json.get("receivedAt").asString()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(json.get("preview").get("tags").asString()).isEqualTo("a");
        assertThat(json.has("clientIp")).isFalse();
    }

    @Test
    void aRefusedSubmissionPublishesNothing() {
        String form = uniqueForm("bus-refused");

        this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", newClientAddress()).contentType(MediaType.APPLICATION_JSON)
                .body("{\"_gotcha\": \"spam\", \"a\": \"b\"}").exchange().expectStatus().isEqualTo(422);
        UUID accepted = postJson(form, "{\"ok\": true}");

        assertThat(awaitEventFor(form, accepted)).hasSize(1);
    }

    @Test
    void thePreviewHoldsAtMostFiveFields() {
        String form = uniqueForm("bus-wide");
        UUID id = postJson(form, "{\"f1\": 1, \"f2\": 2, \"f3\": 3, \"f4\": 4, \"f5\": 5, \"f6\": 6, \"f7\": 7}");

        assertThat(awaitEventFor(form, id)).singleElement().satisfies(payload -> {
            assertThat(payload.fieldCount()).isEqualTo(7);
            assertThat(payload.preview()).containsExactly(Map.entry("f1", "1"), Map.entry("f2", "2"), Map.entry("f3", "3"),
                    Map.entry("f4", "4"), Map.entry("f5", "5"));
        });
    }

    private List<SubmissionStoredPayload> awaitEventFor(String form, UUID id) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(form),
                events -> events.stream().anyMatch(event -> event.id().equals(id)));
    }

    private List<SubmissionStoredPayload> eventsOf(String form) {
        return this.bus.published().stream()
                .filter(event -> event.skill().equals(StoredSubmissionEvents.SKILL))
                .map(event -> (SubmissionStoredPayload) event.payload())
                .filter(payload -> payload.formId().equals(form))
                .toList();
    }
}
