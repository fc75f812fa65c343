package dev.msgsuite.talker.support;

import dev.msgsuite.talker.TalkerProperties;
import dev.msgsuite.talker.TalkerServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** Real talker servers on free loopback ports, outside Spring. */
public final class TestServers {

    private TestServers() {
    }

    public static TalkerServer start(UnaryOperator<TalkerProperties> customizer) throws Exception {
        TalkerServer server = new TalkerServer(customizer.apply(TalkerProperties.defaults()), new SimpleMeterRegistry());
        server.start();
        return server;
    }

    /** A server listening for peers on a free loopback port, quick to redial. */
    public static TalkerServer peerable(String id, @Nullable String secret) throws Exception {
        return start(properties -> properties.withServerId(id).withPeers(peerSettings(secret)));
    }

    public static TalkerProperties.Peers peerSettings(@Nullable String secret) {
        return new TalkerProperties.Peers("127.0.0.1", 0, List.of(), secret, Duration.ofMillis(50),
                Duration.ofMillis(500), 65536, 4 * 1024 * 1024);
    }

    public static TalkerProperties.Limits limits(int maxLineBytes, int linesPerSecond, int burst,
            int outboundBufferBytes, Duration idleTimeout) {
        return new TalkerProperties.Limits(maxLineBytes, linesPerSecond, burst, outboundBufferBytes, idleTimeout,
                Duration.ofSeconds(2));
    }
}
