package dev.msgsuite.talker.support;

import dev.msgsuite.talker.settings.TalkerProperties;
import dev.msgsuite.talker.TalkerServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Real talker servers on free loopback ports, outside Spring. */
public final class TestServers {

    public static final String OPERATOR_PASSWORD = "sesame";

    // Cost 4: the real encoder and format, without a tenth of a second per test login.
    public static final String OPERATOR_PASSWORD_HASH = new BCryptPasswordEncoder(4).encode(OPERATOR_PASSWORD);

    private TestServers() {
    }

    public static TalkerServer start(UnaryOperator<TalkerProperties> customizer) throws Exception {
        TalkerServer server = new TalkerServer(customizer.apply(TalkerProperties.defaults()), new SimpleMeterRegistry());
        server.start();
        return server;
    }

    /**
     * A server listening for peers on a free loopback port, quick to redial, with the operator
     * password {@link #OPERATOR_PASSWORD}; its operators may {@code /peer-connect} to 127.0.0.1.
     */
    public static TalkerServer peerable(String id, @Nullable String secret) throws Exception {
        return start(properties -> properties.withServerId(id).withOperatorPasswordHash(OPERATOR_PASSWORD_HASH)
            .withPeers(peerSettings(secret)));
    }

    public static TalkerProperties.Peers peerSettings(@Nullable String secret) {
        return new TalkerProperties.Peers("127.0.0.1", 0, List.of(), secret, Duration.ofMillis(50),
                Duration.ofMillis(500), 65536, 4 * 1024 * 1024)
            .withAllowedHosts(TalkerProperties.Peers.LOOPBACK, List.of("127.0.0.1"));
    }

    public static TalkerProperties.Limits limits(int maxLineBytes, int linesPerSecond, int burst,
            int outboundBufferBytes, Duration idleTimeout) {
        return new TalkerProperties.Limits(maxLineBytes, linesPerSecond, burst, outboundBufferBytes, idleTimeout,
                Duration.ofSeconds(2));
    }
}
