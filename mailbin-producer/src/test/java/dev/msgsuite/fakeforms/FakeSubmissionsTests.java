package dev.msgsuite.fakeforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.msgsuite.contracts.FormSubmission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.datafaker.Faker;
import org.junit.jupiter.api.Test;

class FakeSubmissionsTests {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final FakeSubmissions submissions = new FakeSubmissions(new Faker(new Random(42)),
            Clock.fixed(NOW, ZoneOffset.UTC), "p1", List.of("contact", "newsletter"));

    @Test
    void submissionsCarryTheOriginalFakeFormFields() {
        FormSubmission submission = this.submissions.next();

        assertThat(submission.fields()).containsOnlyKeys("first_name", "last_name", "email", "created_at", "ip",
                "user_agent", "service_uri");
        assertThat(submission.fields().values()).allSatisfy(values -> assertThat(values).singleElement().asString().isNotBlank());
        assertThat(submission.fields().get("email").getFirst()).contains("@");
        assertThat(submission.fields().get("created_at")).containsExactly(NOW.toString());
        assertThat(submission.fields().get("ip").getFirst()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(submission.clientIp()).isEqualTo(submission.fields().get("ip").getFirst());
        assertThat(submission.source()).isEqualTo("producer:p1");
        assertThat(submission.receivedAt()).isEqualTo(NOW);
    }

    @Test
    void submissionsAreSpreadRoundRobinOverTheFormsWithDistinctIds() {
        List<FormSubmission> four = Stream.generate(this.submissions::next).limit(4).toList();

        assertThat(four).extracting(FormSubmission::formId).containsExactly("contact", "newsletter", "contact", "newsletter");
        assertThat(four).extracting(FormSubmission::id).doesNotHaveDuplicates();
    }

    @Test
    void settingsDefaultToTwoPerSecondOverThreeFormsAndRejectNonsense() {
        ProducerProperties defaults = new ProducerProperties(null, null, null, null);

        assertThat(defaults.rate()).isEqualTo(2.0);
        assertThat(defaults.forms()).hasSize(3);
        assertThat(defaults.maxCount()).isZero();
        assertThat(defaults.id()).isNotBlank();
        assertThatIllegalArgumentException().isThrownBy(() -> new ProducerProperties(null, 0.0, null, null))
                .withMessageContaining("rate");
        assertThatIllegalArgumentException().isThrownBy(() -> new ProducerProperties(null, 1.0, null, -1L))
                .withMessageContaining("max-count");
    }
}
