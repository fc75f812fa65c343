package dev.msgsuite.saver.limits;

import dev.msgsuite.saver.SaverProperties;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** The request body limit and the JSON reading limits every parser of this service shares. */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

    /** For the service's JsonMapper: HTTP bodies, AMQP JSON messages, stored elections. */
    @Bean
    JsonFactoryBuilderCustomizer jsonReadLimits(SaverProperties properties) {
        return builder -> builder.streamReadConstraints(JsonLimits.constraints(properties.limits()));
    }

    /** Before everything else, authentication included: nothing reads a body it has not bounded. */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(SaverProperties properties, JsonMapper json,
            Refusals refusals) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties.limits().maxRequestBody().toBytes(), json, refusals));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
