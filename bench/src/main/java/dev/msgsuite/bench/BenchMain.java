package dev.msgsuite.bench;

import java.util.Arrays;

/** Entry point of the benchmark jar: {@code java -jar bench/target/bench.jar <benchmark> [--option=value ...]}. */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "bus-fanout" -> FanoutBenchmark.run(options);
            case "tuplespace" -> TupleSpaceBenchmark.run(options);
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar bench.jar <benchmark> [--option=value ...]
                  bus-fanout   one publisher, N subscribers on one skill, against bus-server or RabbitMQ Web-STOMP
                               --target=bus|stomp --url=ws://127.0.0.1:8081/ws --subscribers=100
                               --payload-bytes=100 --payload=letters|json --mode=fastpush|prefetch --rates=300,1000,...
                               --offer-deflate=false|true
                               --seconds=5 --server-pid=PID --stalled=0
                  tuplespace   write/take ping-pong ops/s and blocked-take wake-up latency against tuple-space-service
                               --urls=ws://127.0.0.1:8086/ws[,ws://127.0.0.1:8087/ws] --token=TOKEN --rounds=5000
                               --pairs=1 --wakeups=1000 --label=NAME (see bench/tuplespace/run.sh)""");
    }
}
