package dev.msgsuite.mailbin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.msgsuite.contracts.MailbinTopics;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.unit.DataSize;

/** Which failures of the store listener dead-letter a record, and when. */
class StoreErrorHandlingTests {

    private static final int MAX_ATTEMPTS = 3;

    private final List<Throwable> deadLettered = new ArrayList<>();

    private final DefaultErrorHandler handler = PipelineConfiguration.storeErrorHandler((record, ex) -> this.deadLettered.add(ex),
            new PipelineProperties(6, (short) 1, 1, Duration.ofMillis(1), Duration.ofMillis(1), MAX_ATTEMPTS, Duration.ofMinutes(5), DataSize.ofMegabytes(1),
                    Duration.ofDays(30), Duration.ofDays(365)));

    private final ConsumerRecord<String, Object> record = new ConsumerRecord<>(MailbinTopics.SUBMISSIONS, 0, 0, "form", "value");

    @Test
    void aRecordIsRetriedWithoutEndWhileTheDatabaseIsUnreachable() {
        assertThat(attemptsUntilDeadLettered(new CannotGetJdbcConnectionException("pool", new SQLTransientConnectionException("refused"))))
                .as("attempts").isNegative();
        assertThat(attemptsUntilDeadLettered(new DataAccessResourceFailureException("connection lost mid-statement"))).isNegative();
        assertThat(attemptsUntilDeadLettered(new QueryTimeoutException("database too slow"))).isNegative();
    }

    @Test
    void aRecordThatIsNoSubmissionOrBreaksAConstraintIsDeadLetteredAtOnce() {
        assertThat(attemptsUntilDeadLettered(new InvalidSubmissionException("no id"))).isOne();
        assertThat(attemptsUntilDeadLettered(new DataIntegrityViolationException("form_id too long"))).isOne();
    }

    @Test
    void anyOtherFailureIsRetriedABoundedNumberOfTimesThenDeadLettered() {
        assertThat(attemptsUntilDeadLettered(new IllegalStateException("bug"))).isEqualTo(MAX_ATTEMPTS + 1);
    }

    /** Fails the record like the listener would, up to 50 times; -1 if it never reached the DLT. */
    private int attemptsUntilDeadLettered(Exception failure) {
        this.deadLettered.clear();
        for (int attempt = 1; attempt <= 50; attempt++) {
            try {
                this.handler.handleRemaining(new ListenerExecutionFailedException("store failed", failure), List.of(this.record),
                        mock(Consumer.class), mock(MessageListenerContainer.class));
            }
            catch (NestedRuntimeException ex) {
                // "record in retry": the container seeks back and tries it again
            }
            if (!this.deadLettered.isEmpty()) {
                assertThat(this.deadLettered).singleElement().satisfies(ex -> assertThat(ex).hasRootCause(rootOf(failure)));
                return attempt;
            }
        }
        return -1;
    }

    private static Throwable rootOf(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }
}
