package dev.msgsuite.talker.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.talker.commands.OperatorThrottle.Admission;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Failed /oper attempts per address, on a clock the test moves. */
class OperatorThrottleTests {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private final OperatorThrottle throttle = OperatorThrottle.standard(this.clock::get);

    @Test
    void threeFailuresAreFreeThenTheWaitDoublesUpToAMinute() {
        fail("198.51.100.7", 3);
        assertThat(this.throttle.admit("198.51.100.7")).isEqualTo(new Admission.Locked(Duration.ofSeconds(1)));

        long[] expectedWaits = { 2, 4, 8, 16, 32, 60, 60 };
        for (long seconds : expectedWaits) {
            elapse(Duration.ofMillis(999));
            assertThat(this.throttle.admit("198.51.100.7")).isInstanceOf(Admission.Locked.class);
            elapse(Duration.ofMillis(1));
            fail("198.51.100.7", 1);
            assertThat(this.throttle.admit("198.51.100.7")).as("wait after a failure")
                .isEqualTo(new Admission.Locked(Duration.ofSeconds(seconds)));
            elapse(Duration.ofSeconds(seconds - 1));
        }
    }

    @Test
    void refusedAttemptsDoNotExtendTheWait() {
        fail("198.51.100.7", 3);
        for (int i = 0; i < 10; i++) {
            elapse(Duration.ofMillis(90));
            assertThat(this.throttle.admit("198.51.100.7")).isInstanceOf(Admission.Locked.class);
        }
        elapse(Duration.ofMillis(100));

        assertThat(this.throttle.admit("198.51.100.7")).isEqualTo(new Admission.Admitted());
    }

    @Test
    void anotherAddressIsNotHeldUp() {
        fail("198.51.100.7", 3);

        assertThat(this.throttle.admit("203.0.113.9")).isEqualTo(new Admission.Admitted());
    }

    @Test
    void onlyOneAttemptPerAddressIsCheckedAtATime() {
        assertThat(this.throttle.admit("198.51.100.7")).isEqualTo(new Admission.Admitted());
        assertThat(this.throttle.admit("198.51.100.7")).isEqualTo(new Admission.Pending());

        this.throttle.abandoned("198.51.100.7");

        assertThat(this.throttle.admit("198.51.100.7")).isEqualTo(new Admission.Admitted());
    }

    @Test
    void successForgetsTheFailures() {
        fail("198.51.100.7", 2);
        this.throttle.admit("198.51.100.7");
        this.throttle.succeeded("198.51.100.7");
        fail("198.51.100.7", 2);

        assertThat(this.throttle.admit("198.51.100.7")).isEqualTo(new Admission.Admitted());
    }

    @Test
    void failuresAreForgottenAQuarterOfAnHourAfterTheLast() {
        fail("198.51.100.7", 3);
        elapse(Duration.ofMinutes(15).plusMillis(1));

        fail("198.51.100.7", 2);

        assertThat(this.throttle.admit("198.51.100.7")).isEqualTo(new Admission.Admitted());
    }

    @Test
    void ipv6AddressesCountPerSlash64() {
        fail("2001:db8:1:2::1", 2);
        fail("2001:db8:1:2:ffff::9", 1);

        assertThat(this.throttle.admit("2001:db8:1:2:aaaa::5")).isInstanceOf(Admission.Locked.class);
        assertThat(this.throttle.admit("2001:db8:1:3::1")).isEqualTo(new Admission.Admitted());
    }

    @Test
    void memoryIsBoundedByTheLeastRecentlySeenAddress() {
        OperatorThrottle small = new OperatorThrottle(3, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofMinutes(15), 100, this.clock::get);
        for (int i = 0; i < 10_000; i++) {
            String address = "10.0." + (i / 256) + "." + (i % 256);
            small.admit(address);
            small.failed(address);
        }

        assertThat(small.size()).isEqualTo(100);
    }

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(this.throttle.admit(address)).isEqualTo(new Admission.Admitted());
            this.throttle.failed(address);
        }
    }

    private void elapse(Duration duration) {
        this.clock.addAndGet(duration.toNanos());
    }
}
