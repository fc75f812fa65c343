package dev.msgsuite.tuplespace.samples;

import dev.msgsuite.tuplespace.client.Space;
import dev.msgsuite.tuplespace.client.Templates;
import dev.msgsuite.tuplespace.client.TupleSpaceClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The event-stream example: a sensor writes {@code ["temp", sensor, celsius]} readings with a
 * lease, so old ones expire by themselves; a display is notified of every reading as it is written;
 * an auditor reads (never takes) the readings still live. Nothing consumes the stream, so any
 * number of readers see all of it.
 */
public final class SensorStream {

    static final List<Object> READINGS = List.of("temp", Templates.anyString(), Templates.anyNumber());

    private SensorStream() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args.length > 0 ? args[0] : System.getenv().getOrDefault("TUPLESPACE_URI", "ws://localhost:8086/ws"));
        String token = args.length > 1 ? args[1] : System.getenv("TUPLESPACE_TOKEN");
        try (TupleSpaceClient sensor = TupleSpaceClient.connectWithToken(uri, token);
                TupleSpaceClient display = TupleSpaceClient.connectWithToken(uri, token)) {
            Result result = run(sensor.space("samples.sensors"), display.space("samples.sensors"), "sensor123", 10, Duration.ofSeconds(30));
            result.notified().forEach(reading -> System.out.println("display: " + reading));
            System.out.println("auditor sees " + result.live().size() + " live readings, the first " + result.live().getFirst());
        }
    }

    /** The display's notifications and the auditor's snapshot after the sensor wrote {@code count} readings. */
    public record Result(List<List<Object>> notified, List<List<Object>> live) {
    }

    /**
     * The sensor writes {@code count} readings to {@code sensorSpace}; {@code readerSpace} (the same
     * space on another connection) is notified of each, then reads the live ones.
     */
    public static Result run(Space sensorSpace, Space readerSpace, String sensor, int count, Duration lease) throws Exception {
        List<List<Object>> notified = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(count);
        try (AutoCloseable subscription = readerSpace.notify(List.of("temp", sensor, Templates.anyNumber()), reading -> {
            notified.add(reading);
            all.countDown();
        })) {
            for (int i = 0; i < count; i++) {
                sensorSpace.write(List.of("temp", sensor, 20.0 + i / 10.0), lease);
            }
            // the auditor's blocking read returns at once: a reading is there
            readerSpace.read(List.of("temp", sensor, Templates.anyNumber()), Duration.ofSeconds(5)).orElseThrow();
            all.await(10, TimeUnit.SECONDS);
        }
        return new Result(List.copyOf(notified), readerSpace.readAll(List.of("temp", sensor, Templates.anyNumber())));
    }
}
