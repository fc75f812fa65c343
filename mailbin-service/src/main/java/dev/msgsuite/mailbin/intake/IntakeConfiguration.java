package dev.msgsuite.mailbin.intake;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntakeProperties.class)
class IntakeConfiguration {

    @Bean
    FormReader formReader(IntakeProperties properties, JsonMapper json) {
        return new FormReader(properties, json);
    }

    @Bean
    IntakeOrigins intakeOrigins(IntakeProperties properties) {
        return new IntakeOrigins(properties.allowedOrigins());
    }

    @Bean
    ClientRateLimiter clientRateLimiter(IntakeProperties properties) {
        return new ClientRateLimiter(properties.rateLimit(), System::nanoTime);
    }
}
