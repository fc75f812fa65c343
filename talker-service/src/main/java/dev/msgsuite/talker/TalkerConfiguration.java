package dev.msgsuite.talker;

import dev.msgsuite.talker.ops.TalkerHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TalkerProperties.class)
class TalkerConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    TalkerServer talkerServer(TalkerProperties properties, MeterRegistry registry) {
        return new TalkerServer(properties, registry);
    }

    @Bean
    TalkerHealthIndicator talkerHealthIndicator(TalkerServer server) {
        return new TalkerHealthIndicator(server.metrics(), server.serverId());
    }
}
