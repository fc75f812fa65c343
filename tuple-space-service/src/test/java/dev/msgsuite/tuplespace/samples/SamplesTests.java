package dev.msgsuite.tuplespace.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.testsupport.TestCredentials.Role;
import dev.msgsuite.tuplespace.TupleSpaceContext;
import dev.msgsuite.tuplespace.client.TupleSpaceClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lecture's two examples, rebuilt on the client, run against the service (the workers spread over both instances). */
class SamplesTests extends TupleSpaceContext {

    @Test
    void theWorkerPoolComputesFactorialsAndFibonacciNumbers() throws Exception {
        int[] next = { 0 };
        Map<String, String> results = WorkerPool.run(() -> (next[0]++ % 2 == 0 ? clientOfSecondUnkept() : clientUnkept()), "samples.pool-" + newSpace(), 4, 25);
        assertThat(results).hasSize(50).containsEntry("fact(0)", "1").containsEntry("fact(10)", "3628800")
                .containsEntry("fib(0)", "0").containsEntry("fib(10)", "55").containsEntry("fib(24)", "46368");
    }

    @Test
    void theSensorStreamNotifiesTheDisplayOfEveryReadingAndLeasesEndThem() throws Exception {
        String space = "samples.sensors-" + newSpace();
        SensorStream.Result result = SensorStream.run(client(Role.OPERATOR).space(space), clientOfSecond(Role.VIEWER).space(space), "sensor123", 10,
                Duration.ofMinutes(1));
        assertThat(result.notified()).hasSize(10).first().isEqualTo(List.of("temp", "sensor123", 20.0));
        assertThat(result.live()).hasSize(10);
    }

    private TupleSpaceClient clientUnkept() {
        return TupleSpaceClient.connectWithToken(webSocket(this.port), Role.OPERATOR.token());
    }

    private TupleSpaceClient clientOfSecondUnkept() {
        return TupleSpaceClient.connectWithToken(webSocket(this.second.port()), Role.OPERATOR.token());
    }
}
