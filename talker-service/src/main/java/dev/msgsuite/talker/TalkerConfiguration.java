package dev.msgsuite.talker;

import dev.msgsuite.support.skillbus.BusEvents;
import dev.msgsuite.talker.bridge.SpeechBridge;
import dev.msgsuite.talker.bridge.SpeechBridgeProperties;
import dev.msgsuite.talker.ops.TalkerHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ TalkerProperties.class, SpeechBridgeProperties.class })
class TalkerConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    TalkerServer talkerServer(TalkerProperties properties, MeterRegistry registry, SpeechBridgeProperties bridge,
            BusEvents events) {
        TalkerServer server = new TalkerServer(properties, registry);
        if (bridge.enabled()) {
            server.onLocalSpeech(new SpeechBridge(events, bridge.skill(), server.serverId()));
        }
        return server;
    }

    @Bean
    TalkerHealthIndicator talkerHealthIndicator(TalkerServer server) {
        return new TalkerHealthIndicator(server.metrics(), server.serverId());
    }
}
