package dev.msgsuite.bus.websocket;

import dev.msgsuite.bus.settings.BusProperties;
import dev.msgsuite.bus.auth.TokenHandshakeInterceptor;
import dev.msgsuite.bus.protocol.ProtocolContext;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** The bus endpoint at {@code /} and {@code /ws}, with frame limits, handshake auth and the browser origin check. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    /** How long one frame may take to leave before the decorator gives up on the client. */
    private static final Duration SEND_TIME_LIMIT = Duration.ofSeconds(30);

    private static final int READ_BUFFER_BYTES = 8 * 1024;

    private final BusProperties properties;

    private final BusWebSocketHandler handler;

    private final TokenHandshakeInterceptor tokens;

    WebSocketConfiguration(BusProperties properties, ProtocolContext context, ExecutorService connectionSenders,
            ScheduledExecutorService sessionExpiry, TokenHandshakeInterceptor tokens, CompressionProperties compression) {
        this.properties = properties;
        this.tokens = tokens;
        BusProperties.Limits limits = properties.limits();
        PacketDeflater deflater = compression.enabled()
                ? new PacketDeflater((int) compression.minSize().toBytes(), compression.level(), context.metrics()) : null;
        this.handler = new BusWebSocketHandler(context, connectionSenders, (int) limits.maxFrameSize().toBytes(), SEND_TIME_LIMIT,
                new ConnectionLimits(limits.maxConnections(), limits.maxConnectionsPerAddress()), limits.pingInterval(),
                limits.idleTimeout(), deflater);
        // a tick of a fraction of both periods keeps pings and idle closes within a few percent of their settings
        long tick = Math.clamp(Math.min(limits.pingInterval().toMillis(), limits.idleTimeout().toMillis()) / 4, 20, 5000);
        sessionExpiry.scheduleWithFixedDelay(this.handler::keepAlive, tick, tick, TimeUnit.MILLISECONDS);
    }

    @Bean
    BusWebSocketHandler busWebSocketHandler() {
        return this.handler;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // no patterns: same origin only (403 otherwise); a handshake without Origin (not a browser) always passes
        registry.addHandler(this.handler, "/", "/ws").addInterceptors(new ConnectionCapInterceptor(this.handler), this.tokens)
                .setAllowedOriginPatterns(this.properties.allowedOrigins().toArray(String[]::new));
    }

    /**
     * Small read buffers: the container allocates them for every connection up front, so sizing
     * them to the frame limit would cost megabytes per idle client. Larger frames arrive in parts
     * and the handler enforces the limit (1009 beyond it).
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(READ_BUFFER_BYTES);
        container.setMaxBinaryMessageBufferSize(READ_BUFFER_BYTES);
        return container;
    }
}
