package dev.msgsuite.compute;

import dev.msgsuite.support.security.SuiteCredentials;
import dev.msgsuite.support.security.SuiteHttpSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The HTTP port serves only the probes, the management port only the actuator: both public
 * except health details and info, which need a viewer ({@code suite.security.*}); nothing else
 * is answered.
 */
@Configuration(proxyBeanMethods = false)
class OperationsSecurity {

    @Bean
    SecurityFilterChain operationsOnly(HttpSecurity http, SuiteCredentials credentials) throws Exception {
        return SuiteHttpSecurity.operationsOnly(http, credentials, "compute-node").build();
    }
}
