package dev.msgsuite.support.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Users, API tokens, the password encoder and the role hierarchy for every servlet service
 * that has Spring Security; each service adds its own {@code SecurityFilterChain}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SuiteSecurityProperties.class)
public class SuiteSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SuiteCredentials suiteCredentials(SuiteSecurityProperties properties, Environment environment) {
        return SuiteCredentials.load(properties, environment.getProperty("spring.application.name", "application"),
                environment.acceptsProfiles(Profiles.of(SuiteCredentials.LOCAL_PROFILE)), !properties.required());
    }

    @Bean
    @ConditionalOnMissingBean(UserDetailsService.class)
    UserDetailsService userDetailsService(SuiteCredentials credentials) {
        return credentials.userDetailsService();
    }

    @Bean
    @ConditionalOnMissingBean
    PasswordEncoder passwordEncoder(SuiteCredentials credentials) {
        return credentials.encoder();
    }

    @Bean
    @ConditionalOnMissingBean
    static RoleHierarchy roleHierarchy() {
        return SuiteRole.hierarchy();
    }
}
