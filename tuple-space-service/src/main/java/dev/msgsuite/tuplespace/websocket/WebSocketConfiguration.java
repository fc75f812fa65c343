package dev.msgsuite.tuplespace.websocket;

import dev.msgsuite.tuplespace.TupleSpaceProperties;
import dev.msgsuite.tuplespace.access.SpaceAccess;
import dev.msgsuite.tuplespace.space.SpaceMetrics;
import dev.msgsuite.tuplespace.space.TupleSpace;
import dev.msgsuite.tuplespace.tuples.TupleFormat;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import tools.jackson.databind.json.JsonMapper;

/** The websocket protocol at {@value #PATH}, its frames no larger than {@code tuplespace.limits.max-message-size}. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    static final String PATH = "/ws";

    /** Where instances relay requests to the home of a space (see ClusterSecurity). */
    static final String PEER_PATH = "/cluster/ws";

    private final TupleSpaceWebSocketHandler handler;

    private final TupleSpaceWebSocketHandler peerHandler;

    private final TupleSpaceProperties properties;

    WebSocketConfiguration(TupleSpace space, SpaceAccess access, TupleFormat format, SpaceMetrics metrics, JsonMapper json,
            TupleSpaceProperties properties) {
        this.handler = new TupleSpaceWebSocketHandler(space, access, format, metrics, json, properties, false);
        this.peerHandler = new TupleSpaceWebSocketHandler(space, access, format, metrics, json, properties, true);
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(this.handler, PATH).setAllowedOrigins(this.properties.websocket().allowedOrigins().toArray(String[]::new));
        registry.addHandler(this.peerHandler, PEER_PATH);
    }

    // a factory bean is looked at before configuration properties are bound: the limit is read from the environment
    @Bean
    static ServletServerContainerFactoryBean webSocketContainer(Environment environment) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        int max = (int) DataSize.parse(environment.getProperty("tuplespace.limits.max-message-size", "16KB")).toBytes();
        container.setMaxTextMessageBufferSize(max);
        container.setMaxBinaryMessageBufferSize(max);
        return container;
    }
}
