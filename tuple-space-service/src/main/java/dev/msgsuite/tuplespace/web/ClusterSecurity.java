package dev.msgsuite.tuplespace.web;

import dev.msgsuite.tuplespace.store.TupleStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /cluster/ws}, where instances relay requests to the home of a space: only for a bearer
 * token equal to the cluster's credential, which the first instance generated into the shared
 * database (whoever can read that database could act as an instance anyway). Nothing else is
 * reachable through this chain.
 */
@Configuration(proxyBeanMethods = false)
class ClusterSecurity {

    static final String PEER_PRINCIPAL = "tuple-space-instance";

    @Bean
    @Order(1)
    SecurityFilterChain clusterSecurityFilterChain(HttpSecurity http, TupleStore store) throws Exception {
        http.securityMatcher("/cluster/**")
                .addFilterBefore(new ClusterTokenFilter(store), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, "/cluster/ws").hasRole("TUPLESPACE_INSTANCE")
                        .anyRequest().denyAll())
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, ex) -> response.sendError(401)))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /** Authenticates the cluster's bearer token, compared in constant time; anything else stays anonymous (and is refused). */
    static final class ClusterTokenFilter extends OncePerRequestFilter {

        private final TupleStore store;

        private volatile byte @Nullable [] token;

        ClusterTokenFilter(TupleStore store) {
            this.store = store;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    && MessageDigest.isEqual(token(), header.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(PEER_PRINCIPAL, null,
                        List.of(new SimpleGrantedAuthority("ROLE_TUPLESPACE_INSTANCE"))));
                SecurityContextHolder.setContext(context);
            }
            try {
                chain.doFilter(request, response);
            }
            finally {
                SecurityContextHolder.clearContext();
            }
        }

        private byte[] token() {
            byte[] known = this.token;
            if (known == null) {
                known = this.store.clusterToken().getBytes(StandardCharsets.UTF_8);
                this.token = known;
            }
            return known;
        }
    }
}
