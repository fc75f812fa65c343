package dev.msgsuite.tuplespace.samples;

import dev.msgsuite.tuplespace.client.Space;
import dev.msgsuite.tuplespace.client.Templates;
import dev.msgsuite.tuplespace.client.TupleSpaceClient;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The master-worker example: the master writes {@code ["task", "fact" | "fib", n]} tuples; each
 * worker takes any task, computes it and writes {@code ["result", kind, n, "digits"]}; the master
 * takes as many results as it wrote tasks. A {@code ["task", "stop", 0]} per worker ends them.
 * Workers are connections of their own, so they may as well run in other processes or on other machines.
 */
public final class WorkerPool {

    static final List<Object> ANY_TASK = List.of("task", Templates.anyString(), Templates.anyNumber());

    private WorkerPool() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args.length > 0 ? args[0] : System.getenv().getOrDefault("TUPLESPACE_URI", "ws://localhost:8086/ws"));
        String token = args.length > 1 ? args[1] : System.getenv("TUPLESPACE_TOKEN");
        Map<String, String> results = run(() -> TupleSpaceClient.connectWithToken(uri, token), "samples.workers", 4, 30);
        results.forEach((task, value) -> System.out.println(task + " = " + value));
    }

    /** Computes fact(0..n-1) and fib(0..n-1) with {@code workers} workers; returns "fact(5)" -> "120" and so on. */
    public static Map<String, String> run(Connector connector, String spaceName, int workers, int n) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<TupleSpaceClient> clients = new ArrayList<>();
        try (TupleSpaceClient master = connector.connect()) {
            for (int i = 0; i < workers; i++) {
                TupleSpaceClient client = connector.connect();
                clients.add(client);
                threads.add(Thread.ofPlatform().name("worker-" + i).start(() -> work(client.space(spaceName))));
            }
            Space space = master.space(spaceName);
            for (int i = 0; i < n; i++) {
                space.write(List.of("task", "fact", i));
                space.write(List.of("task", "fib", i));
            }
            Map<String, String> results = new TreeMap<>();
            for (int i = 0; i < 2 * n; i++) {
                List<Object> result = space.take(List.of("result", Templates.anyString(), Templates.anyNumber(), Templates.anyString()),
                        Duration.ofSeconds(60)).orElseThrow(() -> new IllegalStateException("no result within a minute"));
                results.put(result.get(1) + "(" + result.get(2) + ")", (String) result.get(3));
            }
            for (int i = 0; i < workers; i++) {
                space.write(List.of("task", "stop", 0));
            }
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            return results;
        }
        finally {
            clients.forEach(TupleSpaceClient::close);
        }
    }

    private static void work(Space space) {
        while (true) {
            List<Object> task = space.take(ANY_TASK, null).orElseThrow();
            String kind = (String) task.get(1);
            int n = ((Number) task.get(2)).intValue();
            if (kind.equals("stop")) {
                return;
            }
            BigInteger value = kind.equals("fact") ? factorial(n) : fibonacci(n);
            space.write(List.of("result", kind, n, value.toString()));
        }
    }

    static BigInteger factorial(int n) {
        BigInteger product = BigInteger.ONE;
        for (int i = 2; i <= n; i++) {
            product = product.multiply(BigInteger.valueOf(i));
        }
        return product;
    }

    static BigInteger fibonacci(int n) {
        BigInteger a = BigInteger.ZERO;
        BigInteger b = BigInteger.ONE;
        for (int i = 0; i < n; i++) {
            BigInteger next = a.add(b);
            a = b;
            b = next;
        }
        return a;
    }

    /** Opens a connection (each worker has its own). */
    @FunctionalInterface
    public interface Connector {

        TupleSpaceClient connect();
    }
}
