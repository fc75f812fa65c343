package dev.msgsuite.tuplespace.api;

import dev.msgsuite.tuplespace.TupleSpaceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    BodyLimitFilter bodyLimitFilter(TupleSpaceProperties properties, JsonMapper json) {
        return new BodyLimitFilter(properties.limits().maxMessageSize().toBytes(), json);
    }
}
