package dev.msgsuite.support.security;

import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The parts of a service's {@code SecurityFilterChain} that are the same in every service:
 * which operations endpoints are public, and how scripts authenticate. A service's chain
 * reads top to bottom like its access table and calls these for the shared rows.
 */
public final class SuiteHttpSecurity {

    private SuiteHttpSecurity() {
    }

    /**
     * {@code /livez} and {@code /readyz} on the main port, and health and Prometheus on the
     * management port, are public (health details only for an authenticated user); every other
     * actuator endpoint needs a viewer.
     */
    public static void operations(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(EndpointRequest.toAdditionalPaths(WebServerNamespace.SERVER, "health")).permitAll()
                .requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll()
                .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(SuiteRole.VIEWER.role());
    }

    /**
     * The whole chain of a service whose HTTP port serves nothing but probes and the actuator
     * (talker-service, compute-node): the operations rules, and every other request refused.
     */
    public static HttpSecurity operationsOnly(HttpSecurity http, SuiteCredentials credentials, String realm) {
        return apiAuthentication(http, credentials, realm)
                .authorizeHttpRequests(requests -> {
                    operations(requests);
                    requests.anyRequest().denyAll();
                })
                .csrf(csrf -> csrf.disable())   // no state-changing endpoint and no session
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    }

    /**
     * HTTP Basic and bearer API tokens; refusals as problem documents (401 naming both schemes,
     * 403 for a missing role).
     *
     * @param realm the service's name, shown in {@code WWW-Authenticate}
     */
    public static HttpSecurity apiAuthentication(HttpSecurity http, SuiteCredentials credentials, String realm) {
        return apiAuthentication(http, credentials, realm, request -> false);
    }

    /**
     * As {@link #apiAuthentication(HttpSecurity, SuiteCredentials, String)}, except that a
     * bearer token on a request matching {@code foreignBearer} is not an API token and is left
     * to the endpoint (the skill bus checks its own tokens at the websocket handshake).
     */
    public static HttpSecurity apiAuthentication(HttpSecurity http, SuiteCredentials credentials, String realm,
            RequestMatcher foreignBearer) {
        AuthenticationEntryPoint unauthorized = ProblemResponses.unauthorized(realm);
        return http.httpBasic(basic -> basic.realmName(realm).authenticationEntryPoint(unauthorized))
                .addFilterBefore(new ApiTokenAuthenticationFilter(credentials, unauthorized, foreignBearer),
                        BasicAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(ProblemResponses.forbidden()));
    }
}
