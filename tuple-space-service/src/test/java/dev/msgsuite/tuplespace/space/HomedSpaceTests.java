package dev.msgsuite.tuplespace.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msgsuite.tuplespace.tuples.Refusal;
import dev.msgsuite.tuplespace.tuples.Template;
import dev.msgsuite.tuplespace.tuples.TemplateField;
import dev.msgsuite.tuplespace.tuples.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Order and fairness of one space in memory, as the original's: readers first, then the oldest taker; oldest match first. */
class HomedSpaceTests {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private final Journal journal = new Journal(batch -> Set.of(), space -> {
    }, Duration.ZERO);

    private final AtomicLong ids = new AtomicLong();

    private final Waiters waiters = new Waiters(100);

    private final HomedSpace space = new HomedSpace("s", 1, List.of(), this.journal, this.ids::incrementAndGet, this.waiters, this.timer,
            new StoredBytes(64));

    @AfterEach
    void stop() {
        this.timer.shutdownNow();
    }

    @Test
    void aWriteWakesEveryReaderThenGoesToTheOldestMatchingTakerAndIsNotStored() {
        Wait reader1 = this.space.read(template("job", null), null);
        Wait reader2 = this.space.read(template(null, null), null);
        Wait otherTaker = this.space.take(template("other", null), null);
        Wait oldestTaker = this.space.take(template("job", null), null);
        Wait youngerTaker = this.space.take(template(null, null), null);

        this.space.write(tuple("job", 1), 0, 10).join();

        assertThat(reader1.result().join()).contains(tuple("job", 1));
        assertThat(reader2.result().join()).contains(tuple("job", 1));
        assertThat(oldestTaker.result().join()).contains(tuple("job", 1));
        assertThat(youngerTaker.result()).isNotDone();
        assertThat(otherTaker.result()).isNotDone();
        assertThat(this.space.stored()).isZero();
        assertThat(this.waiters.count(Waiters.Kind.TAKER)).isEqualTo(2);
    }

    @Test
    void readsAndTakesFindTheOldestLiveMatch() {
        this.space.write(tuple("n", 1), 0, 10).join();
        this.space.write(tuple("n", 2), System.currentTimeMillis() - 1, 10).join();   // expired at once
        this.space.write(tuple("n", 3), 0, 10).join();
        assertThat(this.space.read(template("n", null), Duration.ZERO).result().join()).contains(tuple("n", 1));
        assertThat(this.space.take(template("n", null), Duration.ZERO).result().join()).contains(tuple("n", 1));
        assertThat(this.space.take(template("n", null), Duration.ZERO).result().join()).as("the expired one is skipped").contains(tuple("n", 3));
        assertThat(this.space.take(template("n", null), Duration.ZERO).result().join()).isEmpty();
    }

    @Test
    void aCancelledTakerGetsNothingAndTheNextWriteIsStored() {
        Wait taker = this.space.take(template(null, null), null);
        taker.cancel();
        assertThat(taker.result().join()).isEmpty();
        this.space.write(tuple("kept", 1), 0, 10).join();
        assertThat(this.space.stored()).isEqualTo(1);
        assertThat(this.waiters.count(Waiters.Kind.TAKER)).isZero();
    }

    @Test
    void aWriteBeyondTheStoredBytesIsRefusedBeforeAnythingHappens() {
        Wait reader = this.space.read(template(null, null), null);
        this.space.write(tuple("a", 1), 0, 60).join();
        assertThat(reader.result().join()).contains(tuple("a", 1));
        Wait secondReader = this.space.read(template("b", null), null);
        assertThatThrownBy(() -> this.space.write(tuple("b", 2), 0, 60)).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(Refusal.Reason.SPACE_FULL));
        assertThat(secondReader.result()).as("a refused write wakes nobody").isNotDone();
        Wait taker = this.space.take(template(null, null), null);
        assertThat(taker.result().join()).contains(tuple("a", 1));
        this.space.write(tuple("b", 2), 0, 60).join();
        assertThat(secondReader.result().join()).contains(tuple("b", 2));
    }

    @Test
    void aDiscardedSpaceEndsItsWaitersAndRefusesOperations() {
        Wait taker = this.space.take(template(null, null), null);
        this.space.discard(new Refusal(Refusal.Reason.UNAVAILABLE, "moved"));
        assertThat(taker.result()).isCompletedExceptionally();
        assertThatThrownBy(() -> this.space.write(tuple("late", 1), 0, 10)).isInstanceOf(HomedSpace.SpaceMoved.class);
        assertThat(this.waiters.count(Waiters.Kind.TAKER)).isZero();
    }

    private static Tuple tuple(String name, int value) {
        return new Tuple(List.of(JsonNodeFactory.instance.stringNode(name), JsonNodeFactory.instance.numberNode(value)));
    }

    private static Template template(String name, Integer value) {
        List<TemplateField> fields = new ArrayList<>();
        fields.add(name == null ? new TemplateField.Any() : new TemplateField.EqualTo(JsonNodeFactory.instance.stringNode(name)));
        fields.add(value == null ? new TemplateField.Any() : new TemplateField.EqualTo(JsonNodeFactory.instance.numberNode(value)));
        return new Template(fields);
    }

}
