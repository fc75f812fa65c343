package dev.msgsuite.mailbin.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.msgsuite.contracts.FormSubmission;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.util.unit.DataSize;

class SubmissionPublisherTests {

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, FormSubmission> kafka = mock(KafkaTemplate.class);

    private final SubmissionPublisher publisher = new SubmissionPublisher(this.kafka, new IntakeProperties(DataSize.ofKilobytes(1),
            1, 1, 1, "_gotcha", "/", List.<URI>of(), Duration.ofMillis(200), new IntakeProperties.RateLimit(1, 1, 1000), Set.of(), List.of()));

    private final FormSubmission submission = new FormSubmission(UUID.randomUUID(), "f", Instant.now(), "http", null, null,
            Map.of("a", List.of("1")));

    @Test
    void aSubmissionKafkaRefusedIsAnsweredWith503AndARetryHint() {
        given(this.kafka.send(anyString(), anyString(), any())).willReturn(
                CompletableFuture.failedFuture(new TimeoutException("Topic not present in metadata after 5000 ms")));

        assertThatThrownBy(() -> this.publisher.publish(this.submission)).isInstanceOfSatisfying(IntakeRejection.class, rejection -> {
            assertThat(rejection.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(rejection.getMessage()).contains("did not acknowledge").contains("send it again");
        });
    }

    @Test
    void aSubmissionKafkaNeverAnsweredIsAnsweredWith503AfterTheSendTimeout() {
        given(this.kafka.send(anyString(), anyString(), any())).willReturn(new CompletableFuture<SendResult<String, FormSubmission>>());

        assertThatThrownBy(() -> this.publisher.publish(this.submission)).isInstanceOfSatisfying(IntakeRejection.class,
                rejection -> assertThat(rejection.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
    }
}
