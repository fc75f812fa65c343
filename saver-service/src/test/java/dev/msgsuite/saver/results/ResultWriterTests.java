package dev.msgsuite.saver.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.msgsuite.contracts.compute.ComputeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class ResultWriterTests {

    private final List<List<String>> written = new ArrayList<>();

    private final Map<String, String> refused = new LinkedHashMap<>();

    private final List<Duration> pauses = new ArrayList<>();

    private boolean keepTrying = true;

    @Test
    void aRowTheDatabaseRefusesIsDeadLetteredAndTheRestOfItsBatchStored() throws InterruptedException {
        ResultWriter writer = writer(rows -> {
            if (rows.stream().anyMatch(row -> row.jobId().equals("bad"))) {
                throw new DataIntegrityViolationException("value too long for type character varying(36)");
            }
        });

        List<ResultWriter.Received> stored = writer.write(List.of(row("a"), row("bad"), row("b")));

        assertThat(stored).extracting(received -> received.result().jobId()).containsExactly("a", "b");
        assertThat(this.written).containsExactly(List.of("a"), List.of("b"));
        assertThat(this.refused).containsOnlyKeys("bad");
        assertThat(this.refused.get("bad")).isEqualTo(
                "not storable: DataIntegrityViolationException: value too long for type character varying(36)");
        assertThat(this.pauses).isEmpty();
    }

    @Test
    void anyFailureThatIsNotAnOutageIsAboutTheRowsAndIsNeverRetried() throws InterruptedException {
        ResultWriter writer = writer(rows -> {
            throw new DataRetrievalFailureException("no such thing");
        });

        assertThat(writer.write(List.of(row("a")))).isEmpty();

        assertThat(this.refused).containsOnlyKeys("a");
        assertThat(this.pauses).isEmpty();
    }

    @Test
    void whileTheDatabaseIsAwayTheBatchWaitsWithGrowingPausesThenIsStoredWhole() throws InterruptedException {
        int[] failures = { 12 };
        ResultWriter writer = writer(rows -> {
            if (failures[0]-- > 0) {
                throw failures[0] % 2 == 0 ? new CannotGetJdbcConnectionException("Connection refused")
                        : new CannotCreateTransactionException("Could not open JDBC Connection");
            }
        });

        assertThat(writer.write(List.of(row("a"), row("b")))).hasSize(2);

        assertThat(this.written).containsExactly(List.of("a", "b"));
        assertThat(this.refused).isEmpty();
        assertThat(this.pauses).hasSize(12).startsWith(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400))
                .endsWith(Duration.ofSeconds(30), Duration.ofSeconds(30)).isSorted();
    }

    @Test
    void stoppingWhileTheDatabaseIsAwayHandsTheBatchBackWithoutRefusingAnything() {
        ResultWriter writer = writer(rows -> {
            throw new CannotGetJdbcConnectionException("Connection refused");
        });
        this.keepTrying = false;

        assertThatExceptionOfType(InterruptedException.class).isThrownBy(() -> writer.write(List.of(row("a"))));
        assertThat(this.refused).isEmpty();
    }

    private ResultWriter writer(Consumer<List<ComputeResult>> store) {
        return new ResultWriter(rows -> {
            store.accept(rows);
            this.written.add(rows.stream().map(ComputeResult::jobId).toList());
        }, (message, reason) -> this.refused.put(new String(message.getBody()), reason), Duration.ofSeconds(30),
                this.pauses::add, () -> this.keepTrying);
    }

    private static ResultWriter.Received row(String jobId) {
        return new ResultWriter.Received(new Message(jobId.getBytes(), new MessageProperties()),
                new ComputeResult(jobId, 0, "e", "n", 0, 1, new int[] { 1 }, new int[] { 4 }, new int[] { 4 }, 0, null));
    }
}
