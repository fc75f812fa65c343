package dev.msgsuite.saver.web;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import dev.msgsuite.support.security.SuiteCredentials;
import dev.msgsuite.support.security.SuiteHttpSecurity;
import dev.msgsuite.support.security.SuiteRole;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what, in one place (docs/compute.md has the same table): reading is for
 * viewers, changing what the fleet runs is for operators; probes are public. Callers are
 * scripts, compute nodes, Swagger UI and the console page, each sending HTTP Basic or a bearer
 * API token with every request, so there is no session and no login form. A browser does
 * resend cached Basic credentials, but the writes take only JSON bodies (415 otherwise) or
 * DELETE, which another site's page cannot send without a CORS preflight that is not answered.
 */
@Configuration(proxyBeanMethods = false)
class SaverSecurity {

    private static final String VIEWER = SuiteRole.VIEWER.role();

    private static final String OPERATOR = SuiteRole.OPERATOR.role();

    @Bean
    SecurityFilterChain saverApi(HttpSecurity http, SuiteCredentials credentials) throws Exception {
        return SuiteHttpSecurity.apiAuthentication(http, credentials, "saver-service")
                .authorizeHttpRequests(requests -> {
                    SuiteHttpSecurity.operations(requests);
                    requests
                            // an error page, or the answer of an asynchronous request (commands), rendered
                            // for a request that already passed this table
                            .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                            // the console: a page over the API, for viewers (its writes need the API's roles)
                            .requestMatchers(GET, "/", "/console.js", "/console.css", "/webjars/**").hasRole(VIEWER)
                            .requestMatchers(GET, "/api/elections", "/api/elections/{id}").hasRole(VIEWER)
                            .requestMatchers(POST, "/api/elections").hasRole(OPERATOR)
                            .requestMatchers(GET, "/api/jobs", "/api/jobs/{id}", "/api/jobs/{id}/results", "/api/jobs/{id}/summary",
                                    "/api/jobs/{id}/results.csv", "/api/jobs/events").hasRole(VIEWER)
                            .requestMatchers(POST, "/api/jobs").hasRole(OPERATOR)
                            .requestMatchers(DELETE, "/api/jobs/{id}").hasRole(OPERATOR)
                            .requestMatchers(GET, "/api/nodes").hasRole(VIEWER)
                            .requestMatchers(POST, "/api/commands").hasRole(OPERATOR)
                            // dead letters carry job data; replaying them changes what the fleet runs
                            .requestMatchers(GET, "/api/dead-letters").hasRole(OPERATOR)
                            .requestMatchers(POST, "/api/dead-letters/replay").hasRole(OPERATOR)
                            .requestMatchers(GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
                                    "/swagger-ui/**").hasRole(VIEWER)
                            .anyRequest().denyAll();
                })
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }
}
