package dev.msgsuite.tuplespace.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.testsupport.TestCredentials.Role;
import dev.msgsuite.tuplespace.TupleSpaceContext;
import dev.msgsuite.tuplespace.client.Space;
import dev.msgsuite.tuplespace.client.Templates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The original's semantics, through the client on one instance: order, fairness, probes, leases, timeouts, notify. */
class SpaceSemanticsTests extends TupleSpaceContext {

    @Autowired
    private TupleSpace tupleSpace;

    @Test
    void readsAndTakesFindTheOldestMatchAndReadsLeaveItInPlace() {
        Space space = client(Role.OPERATOR).space(newSpace());
        space.write(List.of("job", 1));
        space.write(List.of("other", 2));
        space.write(List.of("job", 3));

        assertThat(space.readProbe(Arrays.asList("job", null))).contains(List.of("job", 1));
        assertThat(space.readProbe(Arrays.asList("job", null))).contains(List.of("job", 1));
        assertThat(space.takeProbe(Arrays.asList("job", null))).contains(List.of("job", 1));
        assertThat(space.takeProbe(Arrays.asList("job", null))).contains(List.of("job", 3));
        assertThat(space.takeProbe(Arrays.asList("job", null))).isEmpty();
        assertThat(space.readAll(Arrays.asList(null, null))).containsExactly(List.of("other", 2));
    }

    @Test
    void templatesMatchByLengthEqualityWildcardAndType() {
        Space space = client(Role.OPERATOR).space(newSpace());
        space.write(Arrays.asList("a", 1, true, null));
        space.write(List.of("a", "1", false));
        space.write(List.of("a", 1.0));

        assertThat(space.readAll(Arrays.asList("a", null))).containsExactly(List.of("a", 1.0));
        assertThat(space.readAll(List.of("a", 1))).as("1 equals 1.0").containsExactly(List.of("a", 1.0));
        assertThat(space.readAll(List.of("a", Templates.anyString(), Templates.anyBoolean()))).containsExactly(List.of("a", "1", false));
        assertThat(space.readAll(Arrays.asList("a", Templates.anyNumber(), true, null))).containsExactly(Arrays.asList("a", 1, true, null));
        assertThat(space.readAll(Arrays.asList("a", Templates.anyNumber(), Templates.anyString(), null))).isEmpty();
    }

    @Test
    void aWriteSatisfiesEveryWaitingReaderThenTheOldestWaitingTakerWhichConsumesIt() {
        Space space = client(Role.OPERATOR).space(newSpace());
        CompletableFuture<Optional<List<Object>>> reader1 = space.readAsync(List.of("x", Templates.anyNumber()), null);
        CompletableFuture<Optional<List<Object>>> taker1 = space.takeAsync(List.of("x", Templates.anyNumber()), null);
        awaitTakers(1);
        CompletableFuture<Optional<List<Object>>> taker2 = space.takeAsync(Arrays.asList("x", null), null);
        CompletableFuture<Optional<List<Object>>> reader2 = space.readAsync(Arrays.asList(null, 7), null);
        awaitTakers(2);

        space.write(List.of("x", 7));

        assertThat(reader1.join()).contains(List.of("x", 7));
        assertThat(reader2.join()).contains(List.of("x", 7));
        assertThat(taker1.join()).contains(List.of("x", 7));
        assertThat(taker2).isNotDone();
        assertThat(space.readProbe(Arrays.asList("x", null))).as("consumed by the taker").isEmpty();

        space.write(List.of("x", 8));
        assertThat(taker2.join()).contains(List.of("x", 8));
        assertThat(space.readProbe(Arrays.asList("x", null))).isEmpty();
    }

    @Test
    void takersAreServedInTheOrderTheyStartedWaiting() {
        Space space = client(Role.OPERATOR).space(newSpace());
        List<CompletableFuture<Optional<List<Object>>>> takers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            takers.add(space.takeAsync(Arrays.asList("n", null), null));
            awaitTakers(i + 1);
        }
        for (int i = 0; i < 5; i++) {
            space.write(List.of("n", i));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(takers.get(i).join()).contains(List.of("n", i));
        }
    }

    @Test
    void aBlockedTakeOrReadEndsEmptyAtItsTimeoutAndAProbeAnswersAtOnce() {
        Space space = client(Role.OPERATOR).space(newSpace());
        long start = System.nanoTime();
        assertThat(space.take(List.of("never"), Duration.ofMillis(300))).isEmpty();
        assertThat(space.read(List.of("never"), Duration.ofMillis(300))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(600), Duration.ofSeconds(5));
        assertThat(space.takeProbe(List.of("never"))).isEmpty();
        awaitTakers(0);
        space.write(List.of("never"));
        assertThat(space.takeProbe(List.of("never"))).as("the timed-out taker did not take it").contains(List.of("never"));
    }

    @Test
    void anExpiredTupleIsNeverReturned() {
        Space space = client(Role.OPERATOR).space(newSpace());
        space.write(List.of("lease", "short"), Duration.ofMillis(200));
        space.write(List.of("lease", "long"), Duration.ofMinutes(5));
        assertThat(space.readAll(List.of("lease", Templates.anyString()))).hasSize(2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(space.readAll(List.of("lease", Templates.anyString()))).containsExactly(List.of("lease", "long")));
        assertThat(space.takeProbe(List.of("lease", "short"))).isEmpty();
    }

    @Test
    void notifyStreamsEveryMatchingWriteUntilCancelled() throws Exception {
        Space writer = client(Role.OPERATOR).space(newSpace());
        Space watcher = client(Role.VIEWER).space(writer.name());
        List<List<Object>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        AutoCloseable subscription = watcher.notify(List.of("temp", Templates.anyNumber()), seen::add);
        writer.write(List.of("temp", 20));
        writer.write(List.of("humidity", 50));
        writer.write(List.of("temp", 21));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(seen).containsExactly(List.of("temp", 20), List.of("temp", 21)));
        subscription.close();
        writer.write(List.of("temp", 22));
        assertThat(writer.readAll(List.of("temp", Templates.anyNumber()))).hasSize(3);
        assertThat(seen).hasSize(2);
    }

    @Test
    void aTakerWhoseClientLeftGetsNothingAndTheTupleStaysInTheSpace() {
        String name = newSpace();
        var leaving = client(Role.OPERATOR);
        leaving.space(name).takeAsync(List.of("gone"), null);
        awaitTakers(1);
        leaving.close();
        awaitTakers(0);
        Space space = client(Role.OPERATOR).space(name);
        space.write(List.of("gone"));
        assertThat(space.takeProbe(List.of("gone"))).contains(List.of("gone"));
    }

    private void awaitTakers(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> this.tupleSpace.waitingTakers() == count);
    }
}
