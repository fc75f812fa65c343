package dev.msgsuite.saver.commands;

import dev.msgsuite.saver.SaverProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Commands answer asynchronously: the container's own async timeout (30 s in Tomcat) must not cut the longest wait short. */
@Configuration(proxyBeanMethods = false)
class CommandsWebConfiguration implements WebMvcConfigurer {

    private final SaverProperties properties;

    CommandsWebConfiguration(SaverProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
        configurer.setDefaultTimeout(this.properties.maxCommandTimeout().plusSeconds(10).toMillis());
    }
}
