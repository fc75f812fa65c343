package dev.msgsuite.tuplespace.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.tuplespace.store.TupleStore.Change;
import dev.msgsuite.tuplespace.tuples.Refusal;
import dev.msgsuite.tuplespace.tuples.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** The journal's batches, against a recording database: what reaches it, when futures complete, and fencing. */
class JournalTests {

    private static final Duration FOREVER = Duration.ofMinutes(10);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private final List<List<Change>> applied = new CopyOnWriteArrayList<>();

    private final List<HomedSpace> lost = new CopyOnWriteArrayList<>();

    private Journal journal;

    @AfterEach
    void stop() {
        this.timer.shutdownNow();
    }

    @Test
    void aStoredTupleReachesTheDatabaseBeforeItsWriteCompletes() {
        Journal journal = journal(batch -> Set.of(), Duration.ofMillis(20));
        HomedSpace space = space(journal);
        HomedSpace.Stored tuple = stored(1);
        CompletableFuture<Void> written = journal.insert(space, tuple);
        written.join();
        assertThat(this.applied).hasSize(1);
        assertThat(this.applied.get(0)).singleElement().satisfies(change -> {
            assertThat(change.id()).isEqualTo(1);
            assertThat(change.tuple()).isEqualTo(tuple.tuple());
            assertThat(change.epoch()).isEqualTo(7);
        });
    }

    @Test
    void aTupleTakenWhileItsInsertIsGatheredNeverReachesTheDatabaseAndBothAnswerAtOnce() {
        // a gather time no test waits for: the cancelled pair must not wait for it
        Journal journal = journal(batch -> Set.of(), FOREVER);
        HomedSpace space = space(journal);
        HomedSpace.Stored tuple = stored(1);
        CompletableFuture<Void> written = journal.insert(space, tuple);
        CompletableFuture<Void> taken = journal.delete(space, tuple);
        await().atMost(Duration.ofSeconds(5)).until(() -> written.isDone() && taken.isDone());
        assertThat(written).isCompleted();
        assertThat(taken).isCompleted();
        assertThat(this.applied).allSatisfy(batch -> assertThat(batch).isEmpty());
    }

    @Test
    void removalsOfStoredTuplesDoNotWaitForTheGatherTime() {
        Journal journal = journal(batch -> Set.of(), FOREVER);
        CompletableFuture<Void> taken = journal.delete(space(journal), stored(3));
        await().atMost(Duration.ofSeconds(5)).until(taken::isDone);
        assertThat(this.applied).singleElement().satisfies(batch -> assertThat(batch).singleElement()
                .satisfies(change -> assertThat(change.tuple()).isNull()));
    }

    @Test
    void changesOfASpaceAnotherInstanceClaimedFailAndTheSpaceIsLetGo() {
        Journal journal = journal(batch -> Set.of("s"), Duration.ZERO);
        HomedSpace space = space(journal);
        CompletableFuture<Void> written = journal.insert(space, stored(1));
        await().atMost(Duration.ofSeconds(5)).until(written::isDone);
        assertThat(written).isCompletedExceptionally();
        assertThat(written.exceptionNow()).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(Refusal.Reason.UNAVAILABLE));
        await().atMost(Duration.ofSeconds(5)).until(() -> this.lost.contains(space));
    }

    @Test
    void aFailedBatchFailsItsChangesAndLetsTheirSpacesGo() {
        Journal journal = journal(batch -> {
            throw new IllegalStateException("connection refused");
        }, Duration.ZERO);
        HomedSpace space = space(journal);
        CompletableFuture<Void> written = journal.insert(space, stored(1));
        await().atMost(Duration.ofSeconds(5)).until(written::isDone);
        assertThat(written).isCompletedExceptionally();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.lost.contains(space));
    }

    private Journal journal(Function<List<Change>, Set<String>> database, Duration gather) {
        this.journal = new Journal(batch -> {
            this.applied.add(List.copyOf(batch));
            return database.apply(batch);
        }, this.lost::add, gather);
        return this.journal;
    }

    private HomedSpace space(Journal journal) {
        return new HomedSpace("s", 7, List.of(), journal, () -> 1L, new Waiters(10), this.timer, new StoredBytes(1 << 20));
    }

    private static HomedSpace.Stored stored(long id) {
        Tuple tuple = new Tuple(List.of(JsonNodeFactory.instance.stringNode("t"), JsonNodeFactory.instance.numberNode(id)));
        return new HomedSpace.Stored(id, tuple, 0, 8);
    }
}
