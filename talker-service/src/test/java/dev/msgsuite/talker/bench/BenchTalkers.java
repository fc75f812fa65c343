package dev.msgsuite.talker.bench;

import dev.msgsuite.talker.settings.TalkerProperties;
import dev.msgsuite.talker.TalkerServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark helper process: starts {@code n} talker servers linked in a chain, without rate limits,
 * prints {@code READY <client ports>} and runs until its standard input closes.
 */
public final class BenchTalkers {

    private BenchTalkers() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        List<TalkerServer> servers = new ArrayList<>();
        Integer previousPeerPort = null;
        for (int i = 0; i < count; i++) {
            List<String> connect = previousPeerPort == null ? List.of() : List.of("127.0.0.1:" + previousPeerPort);
            TalkerProperties properties = TalkerProperties.defaults()
                .withServerId("bench" + i)
                .withLimits(new TalkerProperties.Limits(1024, 1_000_000, 1_000_000, 8 * 1024 * 1024,
                        Duration.ofHours(1), Duration.ofSeconds(2)).withCaps(1_000_000, 1_000_000, 32, 100_000_000))
                .withPeers(new TalkerProperties.Peers("127.0.0.1", 0, connect, null, Duration.ofMillis(50),
                        Duration.ofSeconds(1), 65536, 64 * 1024 * 1024));
            TalkerServer server = new TalkerServer(properties, new SimpleMeterRegistry());
            server.start();
            servers.add(server);
            previousPeerPort = server.peerPort();
        }
        while (servers.stream().anyMatch(server -> {
            try {
                return server.reachable().size() < count;
            }
            catch (Exception ex) {
                return true;
            }
        })) {
            Thread.onSpinWait();
        }
        StringBuilder ready = new StringBuilder("READY");
        for (TalkerServer server : servers) {
            ready.append(' ').append(server.clientPort());
        }
        System.out.println(ready);
        System.out.flush();
        while (System.in.read() >= 0) {
            // Runs until the benchmark closes our standard input.
        }
        servers.forEach(TalkerServer::close);
    }
}
