package dev.msgsuite.saver.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

import dev.msgsuite.saver.results.ResultsStored;
import dev.msgsuite.support.skillbus.BusEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobEventsTests {

    private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");

    private final JobStore store = mock(JobStore.class);

    private final List<Object[]> published = new ArrayList<>();

    private final BusEvents bus = (skill, payload) -> this.published.add(new Object[] { skill, payload });

    private long now = 1_000_000_000L;

    private final JobEvents events = new JobEvents(this.store, this.bus, Duration.ofMillis(500), () -> this.now);

    @Test
    void progressIsThrottledPerJob() {
        progress("job-1", 10);
        progress("job-2", 10);
        this.events.onResultsStored(new ResultsStored(Map.of("job-1", 10, "job-2", 10)));
        progress("job-1", 20);
        this.now += Duration.ofMillis(499).toNanos();
        this.events.stored("job-1", 10);
        this.now += Duration.ofMillis(1).toNanos();
        progress("job-1", 30);
        this.events.stored("job-1", 10);

        assertThat(this.published).extracting(event -> event[0]).containsOnly(JobEvents.PROGRESS);
        assertThat(this.published).extracting(event -> (JobEvents.JobProgress) event[1])
                .extracting(JobEvents.JobProgress::jobId, JobEvents.JobProgress::done)
                .containsExactlyInAnyOrder(tuple("job-1", 10L), tuple("job-2", 10L), tuple("job-1", 30L));
        then(this.store).should(times(2)).status("job-1");
    }

    @Test
    void completionIsAnnouncedOnceAsSoonAsTheAnswerSetsSeenReachTheTotal() {
        progress("job-1", 90);
        this.events.stored("job-1", 90);
        given(this.store.status("job-1")).willReturn(Optional.of(status("job-1", 95, 5)));

        this.events.stored("job-1", 10);
        this.events.stored("job-1", 10);
        this.now += Duration.ofSeconds(5).toNanos();
        this.events.stored("job-1", 10);

        assertThat(this.published).extracting(event -> event[0]).containsExactly(JobEvents.PROGRESS, JobEvents.COMPLETED);
        assertThat((JobEvents.JobCompleted) this.published.get(1)[1]).satisfies(completed -> {
            assertThat(completed.total()).isEqualTo(100);
            assertThat(completed.done()).isEqualTo(95);
            assertThat(completed.failed()).isEqualTo(5);
            assertThat(completed.rate()).isEqualTo(9.5);
        });
    }

    @Test
    void redeliveredResultsDoNotAnnounceCompletionEarly() {
        progress("job-1", 50);
        this.events.stored("job-1", 50);
        this.events.stored("job-1", 50);
        progress("job-1", 100);

        this.events.stored("job-1", 50);

        assertThat(this.published).extracting(event -> event[0]).containsExactly(JobEvents.PROGRESS, JobEvents.COMPLETED);
        assertThat(((JobEvents.JobCompleted) this.published.get(1)[1]).done()).isEqualTo(100);
    }

    @Test
    void completionByResultsThisInstanceDidNotSeeIsNoticedAtTheNextDueProgress() {
        progress("job-1", 40);
        this.events.stored("job-1", 40);
        progress("job-1", 100);

        this.events.stored("job-1", 10);
        assertThat(this.published).hasSize(1);
        this.now += Duration.ofMillis(500).toNanos();
        this.events.stored("job-1", 10);

        assertThat(this.published).extracting(event -> event[0]).containsExactly(JobEvents.PROGRESS, JobEvents.COMPLETED);
    }

    @Test
    void unknownJobPublishesNothing() {
        given(this.store.status("ghost")).willReturn(Optional.empty());

        this.events.stored("ghost", 3);

        assertThat(this.published).isEmpty();
    }

    private void progress(String jobId, long done) {
        given(this.store.status(jobId)).willReturn(Optional.of(status(jobId, done, 0)));
    }

    private static JobStore.JobStatus status(String jobId, long done, long failed) {
        return JobStore.JobStatus.of(jobId, "e1", 100, 10, done, failed, 0, false, CREATED, CREATED.plusSeconds(10));
    }
}
