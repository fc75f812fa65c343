package dev.msgsuite.compute.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CancelledJobsTests {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T07:00:00Z"));

    private final Clock clock = new Clock() {

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return CancelledJobsTests.this.now.get();
        }
    };

    @Test
    void rememberedUntilTheyExpire() {
        CancelledJobs jobs = new CancelledJobs(10, Duration.ofHours(1), this.clock);
        jobs.cancel("a");
        this.now.set(this.now.get().plusSeconds(1800));
        jobs.cancel("b");

        assertThat(jobs.isCancelled("a")).isTrue();
        assertThat(jobs.isCancelled("c")).isFalse();
        this.now.set(this.now.get().plusSeconds(1801));
        assertThat(jobs.isCancelled("a")).isFalse();
        assertThat(jobs.isCancelled("b")).isTrue();
        assertThat(jobs.size()).isEqualTo(1);
    }

    @Test
    void aFloodOfCancelsKeepsOnlyTheNewest() {
        CancelledJobs jobs = new CancelledJobs(3, Duration.ofHours(1), this.clock);
        for (int i = 0; i < 1000; i++) {
            jobs.cancel("job-" + i);
        }

        assertThat(jobs.size()).isEqualTo(3);
        assertThat(jobs.isCancelled("job-999")).isTrue();
        assertThat(jobs.isCancelled("job-997")).isTrue();
        assertThat(jobs.isCancelled("job-996")).isFalse();
    }
}
