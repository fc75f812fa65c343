package dev.msgsuite.tuplespace.web;

import dev.msgsuite.support.security.SuiteCredentials;
import dev.msgsuite.support.security.SuiteHttpSecurity;
import dev.msgsuite.support.security.SuiteRole;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what, read top to bottom like the access table in docs/tuplespace.md. The HTTP
 * rules give the least role of each endpoint; which spaces a principal may read, write or take in
 * is checked per operation by {@code SpaceAccess} ({@code tuplespace.access}), on the websocket too.
 * Every client sends HTTP Basic or a bearer API token with each request (the websocket with its
 * handshake); there are no sessions and no cookies, so no CSRF token either.
 */
@Configuration(proxyBeanMethods = false)
class TupleSpaceSecurity {

    static final String REALM = "tuple-space-service";

    @Bean
    SecurityFilterChain tupleSpaceSecurityFilterChain(HttpSecurity http, SuiteCredentials credentials) throws Exception {
        SuiteHttpSecurity.apiAuthentication(http, credentials, REALM)
                .authorizeHttpRequests(requests -> {
                    requests.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    SuiteHttpSecurity.operations(requests);
                    requests.requestMatchers(HttpMethod.GET, "/ws").hasRole(SuiteRole.VIEWER.role())
                            .requestMatchers(HttpMethod.GET, "/api/spaces").hasRole(SuiteRole.VIEWER.role())
                            .requestMatchers(HttpMethod.POST, "/api/spaces/*/read", "/api/spaces/*/read-all").hasRole(SuiteRole.VIEWER.role())
                            .requestMatchers(HttpMethod.POST, "/api/spaces/*/tuples", "/api/spaces/*/take").hasRole(SuiteRole.OPERATOR.role())
                            .anyRequest().denyAll();
                })
                .csrf(csrf -> csrf.disable())   // credentials come with every request, never from a cookie
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }
}
