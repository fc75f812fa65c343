package dev.msgsuite.tuplespace.websocket;

import dev.msgsuite.tuplespace.TupleSpaceProperties;
import dev.msgsuite.tuplespace.access.SpaceAccess;
import dev.msgsuite.tuplespace.space.SpaceMetrics;
import dev.msgsuite.tuplespace.space.TupleSpace;
import dev.msgsuite.tuplespace.tuples.TupleFormat;
import org.springframework.context.annotation.Bean;
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

    private final TupleSpaceWebSocketHandler handler;

    private final TupleSpaceProperties properties;

    WebSocketConfiguration(TupleSpace space, SpaceAccess access, TupleFormat format, SpaceMetrics metrics, JsonMapper json,
            TupleSpaceProperties properties) {
        this.handler = new TupleSpaceWebSocketHandler(space, access, format, metrics, json, properties);
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(this.handler, PATH).setAllowedOrigins(this.properties.websocket().allowedOrigins().toArray(String[]::new));
    }

    @Bean
    static ServletServerContainerFactoryBean webSocketContainer(TupleSpaceProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        int max = (int) properties.limits().maxMessageSize().toBytes();
        container.setMaxTextMessageBufferSize(max);
        container.setMaxBinaryMessageBufferSize(max);
        return container;
    }
}
