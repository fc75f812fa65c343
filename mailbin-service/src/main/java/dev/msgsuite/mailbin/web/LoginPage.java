package dev.msgsuite.mailbin.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** {@code GET /login}: a static page whose script puts the CSRF token from the cookie into the form. */
@Configuration(proxyBeanMethods = false)
class LoginPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/login").setViewName("forward:/public/login.html");
    }
}
