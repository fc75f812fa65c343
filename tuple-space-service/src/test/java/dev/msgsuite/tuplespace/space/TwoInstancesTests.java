package dev.msgsuite.tuplespace.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.testsupport.TestCredentials.Role;
import dev.msgsuite.tuplespace.TupleSpaceContext;
import dev.msgsuite.tuplespace.client.Space;
import dev.msgsuite.tuplespace.client.Templates;
import dev.msgsuite.tuplespace.client.TupleSpaceClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Two instances on one PostgreSQL database form one space. */
class TwoInstancesTests extends TupleSpaceContext {

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void underContentionEveryTupleIsTakenExactlyOnce() throws Exception {
        String name = newSpace();
        int tuples = 1000;
        int takersPerInstance = 8;
        List<TupleSpaceClient> takers = new ArrayList<>();
        for (int i = 0; i < takersPerInstance; i++) {
            takers.add(client(Role.OPERATOR));
            takers.add(clientOfSecond(Role.OPERATOR));
        }
        Space writerHere = client(Role.OPERATOR).space(name);
        Space writerThere = clientOfSecond(Role.OPERATOR).space(name);
        Map<Integer, Integer> takenCount = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> counts = new ArrayList<>();
            for (TupleSpaceClient taker : takers) {
                Space space = taker.space(name);
                counts.add(pool.submit(() -> {
                    int taken = 0;
                    while (true) {
                        // blocking takes and probes mixed: both paths claim rows
                        Optional<List<Object>> tuple = taken % 3 == 0 ? space.takeProbe(List.of("n", Templates.anyNumber()))
                                : space.take(List.of("n", Templates.anyNumber()), Duration.ofMillis(1500));
                        if (tuple.isEmpty()) {
                            if (taken % 3 == 0) {
                                tuple = space.take(List.of("n", Templates.anyNumber()), Duration.ofMillis(1500));
                            }
                            if (tuple.isEmpty()) {
                                return taken;
                            }
                        }
                        takenCount.merge(((Number) tuple.get().get(1)).intValue(), 1, Integer::sum);
                        taken++;
                    }
                }));
            }
            List<Future<?>> writes = new ArrayList<>();
            writes.add(pool.submit(() -> {
                for (int i = 0; i < tuples; i += 2) {
                    writerHere.write(List.of("n", i));
                }
            }));
            writes.add(pool.submit(() -> {
                for (int i = 1; i < tuples; i += 2) {
                    writerThere.write(List.of("n", i));
                }
            }));
            for (Future<?> write : writes) {
                write.get();
            }
            int total = 0;
            for (Future<Integer> count : counts) {
                total += count.get();
            }
            assertThat(total).isEqualTo(tuples);
        }
        assertThat(takenCount).hasSize(tuples);
        assertThat(new HashSet<>(takenCount.values())).containsExactly(1);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tuples WHERE space = ?", Integer.class, name)).isZero();
    }

    @Test
    void aWriteOnOneInstanceWakesBlockedReadersAndTheOldestTakerOnTheOther() {
        String name = newSpace();
        Space there = clientOfSecond(Role.OPERATOR).space(name);
        Space here = client(Role.OPERATOR).space(name);
        CompletableFuture<Optional<List<Object>>> reader = there.readAsync(Arrays.asList("wake", null), Duration.ofSeconds(20));
        CompletableFuture<Optional<List<Object>>> firstTaker = there.takeAsync(Arrays.asList("wake", null), Duration.ofSeconds(20));
        awaitTakersIn(name, 1);
        CompletableFuture<Optional<List<Object>>> secondTaker = here.takeAsync(Arrays.asList("wake", null), Duration.ofSeconds(20));
        awaitTakersIn(name, 2);

        here.write(List.of("wake", 1));
        assertThat(reader.join()).contains(List.of("wake", 1));
        assertThat(firstTaker.join()).as("the oldest taker, on the other instance").contains(List.of("wake", 1));
        assertThat(secondTaker).isNotDone();

        there.write(List.of("wake", 2));
        assertThat(secondTaker.join()).contains(List.of("wake", 2));
        assertThat(here.readProbe(Arrays.asList("wake", null))).isEmpty();
    }

    @Test
    void tuplesWrittenThroughOneInstanceOutliveItAndAreSeenByTheOther() {
        String name = newSpace();
        clientOfSecond(Role.OPERATOR).space(name).write(List.of("kept", 1));
        Space here = client(Role.OPERATOR).space(name);
        assertThat(here.readProbe(List.of("kept", 1))).isPresent();
        closeClients();
        this.second.stop();
        assertThat(client(Role.OPERATOR).space(name).takeProbe(List.of("kept", 1))).contains(List.of("kept", 1));
    }

    @Test
    void aLostInstancesTakersAreDroppedAndTuplesHandedToThemAreWrittenBack() {
        String name = newSpace();
        // a taker registered by an instance that stopped sending heartbeats (crashed), with a tuple already handed to it
        java.util.UUID lost = java.util.UUID.randomUUID();
        this.jdbc.update("INSERT INTO instances (id, seen_at) VALUES (?, now() - interval '1 hour')", lost);
        this.jdbc.update("INSERT INTO takers (space, arity, template, instance) VALUES (?, 1, '[null]', ?)", name, lost);
        this.jdbc.update("INSERT INTO tuples (space, arity, fields, claimed_by, claimed_instance) VALUES (?, 1, '[\"handed\"]', 42, ?)", name, lost);
        Space space = client(Role.OPERATOR).space(name);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(space.readProbe(Arrays.asList((Object) null))).contains(List.of("handed")));
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM takers WHERE instance = ?", Integer.class, lost)).isZero();
        space.write(List.of("after"));
        assertThat(space.readAll(Arrays.asList((Object) null))).containsExactly(List.of("handed"), List.of("after"));
    }

    @Test
    void takersOfAnInstanceThatIsStillAliveAreNotGivenUp() {
        String name = newSpace();
        Space there = clientOfSecond(Role.OPERATOR).space(name);
        CompletableFuture<Optional<List<Object>>> taker = there.takeAsync(List.of("late"), Duration.ofSeconds(30));
        awaitTakersIn(name, 1);
        // longer than instance-lost-after (3 s in the tests): heartbeats keep it alive
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> true);
        client(Role.OPERATOR).space(name).write(List.of("late"));
        assertThat(taker.join()).contains(List.of("late"));
    }

    private void awaitTakersIn(String space, int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> this.jdbc.queryForObject("SELECT count(*) FROM takers WHERE space = ?", Integer.class, space) == count);
    }

}
