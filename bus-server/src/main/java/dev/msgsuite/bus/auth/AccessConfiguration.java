package dev.msgsuite.bus.auth;

import dev.msgsuite.bus.settings.BusProperties;
import dev.msgsuite.bus.routing.SkillPattern;
import dev.msgsuite.support.security.SuiteCredentials;
import dev.msgsuite.support.security.SuiteHttpSecurity;
import dev.msgsuite.support.security.SuiteRole;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what: the websocket handshake's tokens, and the HTTP access table (docs/protocol.md,
 * "Access").
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AccessConfiguration.class);

    private static final String REALM = "bus-server";

    /** The websocket endpoints: v1 clients connect to {@code /}, v2 to either. */
    private static final RequestMatcher HANDSHAKES = new OrRequestMatcher(
            PathPatternRequestMatcher.pathPattern(HttpMethod.GET, "/"), PathPatternRequestMatcher.pathPattern(HttpMethod.GET, "/ws"));

    @Bean
    BusAccess busAccess(BusProperties properties, SuiteCredentials credentials) {
        BusAccess access = new BusAccess(properties.auth().enabled(), !credentials.open());
        String warning = access.openWarning();
        if (warning != null) {
            log.warn(warning);
        }
        else if (!access.httpCredentials()) {
            log.info("No suite.security users or API tokens: the status page and /api refuse every request "
                    + "(set SUITE_SECURITY_USERS_0_* to use them)");
        }
        return access;
    }

    @Bean
    TokenHandshakeInterceptor tokenHandshakeInterceptor(BusProperties properties) {
        List<String> problems = new ArrayList<>();
        List<TokenHandshakeInterceptor.TokenGrant> grants = new ArrayList<>();
        List<BusProperties.Token> tokens = properties.auth().tokens();
        for (int i = 0; i < tokens.size(); i++) {
            BusProperties.Token token = tokens.get(i);
            if (token.name() == null || token.name().isBlank() || token.token() == null || token.token().isBlank()) {
                problems.add("SKILLBUS_AUTH_TOKENS_" + i + "_NAME and _TOKEN must both be set");
                continue;
            }
            grants.add(new TokenHandshakeInterceptor.TokenGrant(token.token(), new Grant(token.name(),
                    token.publish().stream().map(SkillPattern::parse).toList(),
                    token.subscribe().stream().map(SkillPattern::parse).toList())));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("bus-server cannot start, its skill-bus tokens are wrong: " + String.join("; ", problems));
        }
        return new TokenHandshakeInterceptor(grants);
    }

    /**
     * The access table, top to bottom. The handshakes are open to HTTP: the skill-bus token
     * decides there ({@link TokenHandshakeInterceptor}), and a bearer token on them is a
     * skill-bus token, not an API token.
     */
    @Bean
    SecurityFilterChain busHttpSecurity(HttpSecurity http, SuiteCredentials credentials, BusAccess access, RoleHierarchy roles) {
        SuiteHttpSecurity.apiAuthentication(http, credentials, REALM, HANDSHAKES)
                .authorizeHttpRequests(requests -> {
                    SuiteHttpSecurity.operations(requests);
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                            .requestMatchers(HANDSHAKES).permitAll()
                            // a library, no data: pages of any login state (and scripts) load it
                            .requestMatchers(HttpMethod.GET, "/skillbus.js").permitAll()
                            .requestMatchers(HttpMethod.GET, "/status.html", "/api/skills", "/api/clients").access(viewer(access, roles))
                            .anyRequest().denyAll();
                })
                .csrf(csrf -> csrf.disable())   // read-only GETs and no session: nothing to forge
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    private static AuthorizationManager<RequestAuthorizationContext> viewer(BusAccess access, RoleHierarchy roles) {
        if (access.httpOpen()) {
            return SingleResultAuthorizationManager.permitAll();
        }
        AuthorityAuthorizationManager<RequestAuthorizationContext> viewer = AuthorityAuthorizationManager.hasRole(SuiteRole.VIEWER.role());
        viewer.setRoleHierarchy(roles);
        return viewer;
    }
}
