package dev.msgsuite.tuplespace.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.testsupport.TestCredentials.Role;
import dev.msgsuite.tuplespace.TupleSpaceContext;
import dev.msgsuite.tuplespace.client.Space;
import dev.msgsuite.tuplespace.client.Templates;
import dev.msgsuite.tuplespace.client.TupleSpaceException;
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

/**
 * Two instances on one PostgreSQL database form one space: each space is served by its home (the
 * first instance it was used on), the other relays to it; a lost home's spaces are taken over with
 * their stored tuples, and a home whose claim was taken cannot write behind its successor's back.
 */
class TwoInstancesTests extends TupleSpaceContext {

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private TupleSpace tupleSpace;

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
        Space here = client(Role.OPERATOR).space(name);
        assertThat(here.readProbe(List.of("home"))).as("used here first: this instance is home").isEmpty();
        Space there = clientOfSecond(Role.OPERATOR).space(name);
        List<List<Object>> notified = new java.util.concurrent.CopyOnWriteArrayList<>();
        AutoCloseable subscription = there.notify(Arrays.asList("wake", null), notified::add);
        CompletableFuture<Optional<List<Object>>> reader = there.readAsync(Arrays.asList("wake", null), Duration.ofSeconds(20));
        CompletableFuture<Optional<List<Object>>> firstTaker = there.takeAsync(Arrays.asList("wake", null), Duration.ofSeconds(20));
        awaitTakersHere(1);
        CompletableFuture<Optional<List<Object>>> secondTaker = here.takeAsync(Arrays.asList("wake", null), Duration.ofSeconds(20));
        awaitTakersHere(2);

        here.write(List.of("wake", 1));
        assertThat(reader.join()).contains(List.of("wake", 1));
        assertThat(firstTaker.join()).as("the oldest taker, on the other instance").contains(List.of("wake", 1));
        assertThat(secondTaker).isNotDone();

        there.write(List.of("wake", 2));
        assertThat(secondTaker.join()).contains(List.of("wake", 2));
        assertThat(here.readProbe(Arrays.asList("wake", null))).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> notified.size() == 2);
        assertThat(notified).containsExactly(List.of("wake", 1), List.of("wake", 2));
        close(subscription);
    }

    @Test
    void aSpaceHomedOnTheSecondInstanceIsServedThroughTheFirst() {
        String name = newSpace();
        Space there = clientOfSecond(Role.OPERATOR).space(name);
        there.write(List.of("first", 1));
        Space here = client(Role.OPERATOR).space(name);
        assertThat(homeOf(name)).as("used there first: the second instance is home").isNotNull().isNotEqualTo(thisInstance());
        CompletableFuture<Optional<List<Object>>> taker = here.takeAsync(List.of("second", 2), Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(5)).until(() -> this.tupleSpace.waitingTakers() == 1);
        there.write(List.of("second", 2));
        assertThat(taker.join()).contains(List.of("second", 2));
        assertThat(here.takeProbe(List.of("first", 1))).contains(List.of("first", 1));
        assertThat(there.readProbe(List.of("first", 1))).isEmpty();
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tuples WHERE space = ?", Integer.class, name)).isZero();
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
        assertThat(homeOf(name)).as("taken over when the home gave it up").isEqualTo(thisInstance());
    }

    @Test
    void theSpacesOfALostInstanceAreTakenOverWithTheirTuplesInOrder() {
        String name = newSpace();
        // the home stopped sending heartbeats (it crashed) with two tuples stored
        java.util.UUID lost = java.util.UUID.randomUUID();
        this.jdbc.update("INSERT INTO instances (id, address, seen_at) VALUES (?, 'ws://192.0.2.1:1/cluster/ws', now() - interval '1 hour')", lost);
        this.jdbc.update("INSERT INTO spaces (name) VALUES (?)", name);
        this.jdbc.update("INSERT INTO space_homes (space, instance, epoch) VALUES (?, ?, 5)", name, lost);
        long older = this.jdbc.queryForObject("SELECT nextval('tuple_ids')", Long.class);
        this.jdbc.update("INSERT INTO tuples (id, space, arity, fields) VALUES (?, ?, 1, '[\"older\"]'), (?, ?, 1, '[\"newer\"]')",
                older, name, older + 1, name);
        Space space = client(Role.OPERATOR).space(name);
        space.write(List.of("after"));
        assertThat(space.readAll(Arrays.asList((Object) null))).containsExactly(List.of("older"), List.of("newer"), List.of("after"));
        assertThat(homeOf(name)).isEqualTo(thisInstance());
        assertThat(this.jdbc.queryForObject("SELECT epoch FROM space_homes WHERE space = ?", Long.class, name)).isEqualTo(6);
        assertThat(clientOfSecond(Role.OPERATOR).space(name).takeProbe(Arrays.asList((Object) null))).contains(List.of("older"));
    }

    @Test
    void aHomeWhoseClaimWasTakenCannotWriteAndReloadsWhatTheDatabaseHolds() {
        String name = newSpace();
        Space space = client(Role.OPERATOR).space(name);
        space.write(List.of("stored", 1));
        // another claim on the space (as a takeover by an instance that thought this one lost would make)
        this.jdbc.update("UPDATE space_homes SET epoch = epoch + 1 WHERE space = ?", name);
        assertThatThrownBy(() -> space.write(List.of("stored", 2))).isInstanceOfSatisfying(TupleSpaceException.class,
                refused -> assertThat(refused.code()).isEqualTo("unavailable"));
        assertThat(space.readAll(Arrays.asList("stored", null))).as("what the database holds, loaded again")
                .containsExactly(List.of("stored", 1));
        space.write(List.of("stored", 3));
        assertThat(this.jdbc.queryForList("SELECT fields::text FROM tuples WHERE space = ? ORDER BY id", String.class, name))
                .containsExactly("[\"stored\", 1]", "[\"stored\", 3]");
    }

    @Test
    void aRelayedNotifyEndsWithAnErrorFrameWhenItsHomeStopsAndTheClientsOfThatHomeAreTold() {
        String name = newSpace();
        TupleSpaceClient ofSecond = clientOfSecond(Role.OPERATOR);
        ofSecond.space(name).write(List.of("homed", "there"));
        List<String> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
        ofSecond.onClose(closed::add);
        TupleSpaceClient here = client(Role.OPERATOR);
        tools.jackson.databind.node.ObjectNode notify = here.newRequest("notify");
        notify.put("space", name);
        notify.putArray("template").addNull();
        List<tools.jackson.databind.JsonNode> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
        here.listen(notify.get("id").asString(), frames::add);
        assertThat(here.call(notify).join().get("ok").asBoolean()).isTrue();
        List<String> endedWith = new java.util.concurrent.CopyOnWriteArrayList<>();
        here.space(name).notify(List.of("never"), tuple -> {
        }, ended -> endedWith.add(ended.code()));
        ofSecond.space(name).write(List.of("event"));
        await().atMost(Duration.ofSeconds(5)).until(() -> frames.size() == 1);
        assertThat(frames.get(0).get("tuple").get(0).asString()).isEqualTo("event");

        this.second.stop();

        await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 2);
        assertThat(frames.get(1).get("error").asString()).as("the relayed subscription ended: subscribe again").isEqualTo("unavailable");
        await().atMost(Duration.ofSeconds(5)).until(() -> endedWith.equals(List.of("unavailable")));
        assertThat(ofSecond.isOpen()).isFalse();
        assertThat(closed).hasSize(1);
        assertThat(here.isOpen()).isTrue();
        assertThat(here.space(name).readAll(Arrays.asList(null, null))).as("the space, taken over here").containsExactly(List.of("homed", "there"));
        assertThat(here.space(name).readAll(Arrays.asList((Object) null))).containsExactly(List.of("event"));
    }

    @Test
    void takersOfAnInstanceThatIsStillAliveAreNotGivenUp() {
        String name = newSpace();
        Space there = clientOfSecond(Role.OPERATOR).space(name);
        CompletableFuture<Optional<List<Object>>> taker = there.takeAsync(List.of("late"), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(5)).until(() -> homeOf(name) != null);
        // longer than instance-lost-after (3 s in the tests): heartbeats keep it alive
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> true);
        client(Role.OPERATOR).space(name).write(List.of("late"));
        assertThat(taker.join()).contains(List.of("late"));
    }

    /** Blocked takes this instance holds: its clients' and those relayed by the second instance. */
    private void awaitTakersHere(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> this.tupleSpace.waitingTakers() == count);
    }

    private java.util.@org.jspecify.annotations.Nullable UUID homeOf(String space) {
        List<java.util.UUID> homes = this.jdbc.queryForList("SELECT instance FROM space_homes WHERE space = ?", java.util.UUID.class, space);
        return homes.isEmpty() ? null : homes.get(0);
    }

    private java.util.UUID thisInstance() {
        return this.store.instance();
    }

    @Autowired
    private dev.msgsuite.tuplespace.store.TupleStore store;

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
