package dev.msgsuite.bench;

import dev.msgsuite.tuplespace.client.Space;
import dev.msgsuite.tuplespace.client.Templates;
import dev.msgsuite.tuplespace.client.TupleSpaceClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * tuple-space-service under the lecture's two measures, as bench/tuplespace/rinda_bench.rb measures
 * Rinda: write/take ping-pong (a pinger writes {@code ["ping", i]} and takes {@code ["pong", i]}; a
 * ponger takes any ping and writes its pong; 4 operations a round), and the wake-up latency of a
 * blocked take (from the writer's call to the taker's answer). With two URLs the ponger and the
 * taker use the second instance while the first is home of the spaces, so every wake-up crosses instances.
 * Last, the round trip of a probe that finds nothing, through the second URL: the floor of every operation.
 */
final class TupleSpaceBenchmark {

    private TupleSpaceBenchmark() {
    }

    static void run(Options options) throws Exception {
        String[] urls = options.string("urls", "ws://127.0.0.1:8086/ws").split(",");
        String token = options.string("token", "");
        int rounds = options.integer("rounds", 5000);
        int pairs = options.integer("pairs", 1);
        int wakeups = options.integer("wakeups", 1000);
        String label = options.string("label", urls.length + " instance(s)");
        URI here = URI.create(urls[0]);
        URI there = URI.create(urls[urls.length - 1]);

        double opsPerSecond = pingPong(here, there, token, rounds, pairs);
        Histogram wake = wakeUps(here, there, token, wakeups);
        double roundTrip = roundTrip(there, token);
        System.out.printf(Locale.ROOT, "RESULT %s pairs=%d ops/s=%.0f wakeup_p50_ms=%.3f wakeup_p99_ms=%.3f round_trip_us=%.1f%n", label, pairs,
                opsPerSecond, wake.getValueAtPercentile(50) / 1e6, wake.getValueAtPercentile(99) / 1e6, roundTrip);
    }

    private static double pingPong(URI here, URI there, String token, int rounds, int pairs) throws Exception {
        List<TupleSpaceClient> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            // warm-up rounds are not counted
            for (int phase = 0; phase < 2; phase++) {
                int count = phase == 0 ? Math.min(500, rounds) : rounds;
                long start = System.nanoTime();
                threads.clear();
                for (int p = 0; p < pairs; p++) {
                    TupleSpaceClient pinger = TupleSpaceClient.connectWithToken(here, token);
                    TupleSpaceClient ponger = TupleSpaceClient.connectWithToken(there, token);
                    clients.add(pinger);
                    clients.add(ponger);
                    String name = "bench-pingpong-" + phase + "-" + p;
                    // used first through the pinger's instance, which becomes the space's home: with two URLs the ponger's operations are relayed
                    pinger.space(name).readProbe(List.of("home"));
                    threads.add(Thread.ofPlatform().start(() -> pong(ponger.space(name))));
                    threads.add(Thread.ofPlatform().start(() -> ping(pinger.space(name), count)));
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (phase == 1) {
                    return 4.0 * count * pairs / seconds;
                }
            }
            throw new IllegalStateException();
        }
        finally {
            clients.forEach(TupleSpaceClient::close);
        }
    }

    private static void ping(Space space, int rounds) {
        for (int i = 0; i < rounds; i++) {
            space.write(List.of("ping", i));
            space.take(List.of("pong", i), null).orElseThrow();
        }
        space.write(List.of("ping", -1));
    }

    private static void pong(Space space) {
        while (true) {
            List<Object> ping = space.take(List.of("ping", Templates.anyNumber()), null).orElseThrow();
            int i = ((Number) ping.get(1)).intValue();
            if (i < 0) {
                return;
            }
            space.write(List.of("pong", i));
        }
    }

    /** The floor of every operation: microseconds per probe that finds nothing, one after the other, on one connection. */
    private static double roundTrip(URI uri, String token) {
        try (TupleSpaceClient client = TupleSpaceClient.connectWithToken(uri, token)) {
            Space space = client.space("bench-wakeup");
            for (int i = 0; i < 2000; i++) {
                space.readProbe(List.of("nothing"));
            }
            int probes = 5000;
            long start = System.nanoTime();
            for (int i = 0; i < probes; i++) {
                space.readProbe(List.of("nothing"));
            }
            return (System.nanoTime() - start) / 1e3 / probes;
        }
    }

    private static Histogram wakeUps(URI here, URI there, String token, int count) {
        Histogram latencies = new Histogram(3);
        try (TupleSpaceClient writer = TupleSpaceClient.connectWithToken(here, token);
                TupleSpaceClient taker = TupleSpaceClient.connectWithToken(there, token)) {
            Space writes = writer.space("bench-wakeup");
            Space takes = taker.space("bench-wakeup");
            // the writer's instance is the home: with two URLs each blocked take is relayed to it, and its tuple relayed back
            writes.readProbe(List.of("home"));
            for (int i = 0; i < count + 100; i++) {
                long[] written = new long[1];
                long[] woken = new long[1];
                CompletableFuture<Optional<List<Object>>> take = takes.takeAsync(List.of("wake", i), Duration.ofSeconds(30))
                        .whenComplete((tuple, error) -> woken[0] = System.nanoTime());
                // let the take reach the service and block there before the write is sent
                LockSupport.parkNanos(Duration.ofMillis(3).toNanos());
                written[0] = System.nanoTime();
                writes.write(List.of("wake", i));
                take.join().orElseThrow();
                if (i >= 100) {
                    latencies.recordValue(woken[0] - written[0]);
                }
            }
        }
        return latencies;
    }
}
