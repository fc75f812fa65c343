package dev.msgsuite.mailbin.web;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

import dev.msgsuite.mailbin.intake.IntakeOrigins;
import dev.msgsuite.support.security.ProblemResponses;
import dev.msgsuite.support.security.SuiteCredentials;
import dev.msgsuite.support.security.SuiteHttpSecurity;
import dev.msgsuite.support.security.SuiteRole;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatchers;

/**
 * Who may do what, read top to bottom like the access table in docs/mailbin.md: the intake and
 * the pages form posters see are public; the inbox, its API, exports, the live stream and the
 * API docs need a viewer; deleting needs an admin. Browsers log in with a form and a session
 * (CSRF token in the {@code XSRF-TOKEN} cookie, sent back as {@code X-XSRF-TOKEN} or
 * {@code _csrf}); scripts send HTTP Basic or a bearer API token with each request.
 */
@Configuration(proxyBeanMethods = false)
class MailbinSecurity {

    static final String REALM = "mailbin-service";

    /** Anonymous visitors of these are sent to the login page; anything else answers 401. */
    static final RequestMatcher PAGES = RequestMatchers.anyOf(pathPattern(HttpMethod.GET, "/"), pathPattern(HttpMethod.GET, "/index.html"),
            pathPattern(HttpMethod.GET, "/swagger-ui.html"), pathPattern(HttpMethod.GET, "/swagger-ui/index.html"));

    /** The inbox's own script marks its calls, as the usual AJAX libraries do. */
    static final RequestMatcher OWN_SCRIPTS = new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest");

    @Bean
    SecurityFilterChain mailbin(HttpSecurity http, SuiteCredentials credentials, IntakeOrigins intakeOrigins) throws Exception {
        SuiteHttpSecurity.apiAuthentication(http, credentials, REALM)
                .authorizeHttpRequests(requests -> {
                    // a forward, an error page or the end of an async request: its own request was authorized already
                    requests.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    SuiteHttpSecurity.operations(requests);
                    requests.requestMatchers(HttpMethod.POST, "/f/**").permitAll()
                            .requestMatchers(HttpMethod.GET, "/thanks.html", "/public/**", "/login").permitAll()
                            .requestMatchers(HttpMethod.GET, "/", "/index.html", "/inbox.js", "/inbox.css").hasRole(SuiteRole.VIEWER.role())
                            .requestMatchers(HttpMethod.GET, "/api/**").hasRole(SuiteRole.VIEWER.role())
                            .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                                    .hasRole(SuiteRole.VIEWER.role())
                            .requestMatchers(HttpMethod.DELETE, "/api/submissions/*").hasRole(SuiteRole.ADMIN.role())
                            .anyRequest().denyAll();
                })
                .formLogin(login -> login.loginPage("/login").defaultSuccessUrl("/", false))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(DelegatingAuthenticationEntryPoint.builder()
                        .addEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), PAGES)
                        .addEntryPointFor(withoutChallenge(ProblemResponses.unauthorized(REALM)), OWN_SCRIPTS)
                        .defaultEntryPoint(ProblemResponses.unauthorized(REALM))
                        .build()))
                // after logging in, back to the page asked for; never to an API call or a script the page made
                .requestCache(cache -> cache.requestCache(pagesOnly()))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfCookie())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers(pathPattern(HttpMethod.POST, "/f/**"))
                        // API calls that bring no session: a script's own Authorization header (a page on another
                        // site cannot set it, CORS covers /f/** only) or no credentials at all (answered 401):
                        // a forged request has no login to borrow
                        .ignoringRequestMatchers(RequestMatchers.allOf(pathPattern("/api/**"),
                                request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null || request.getRequestedSessionId() == null)))
                .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
                .cors(cors -> cors.configurationSource(intakeOrigins))
                .headers(headers -> headers
                        .addHeaderWriter(new ContentSecurityPolicy())
                        .frameOptions(frames -> frames.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * The 401 problem without {@code WWW-Authenticate}: a browser would answer that challenge with its
     * own password dialog, where the inbox's script sends a person whose session ended to the login page.
     */
    private static AuthenticationEntryPoint withoutChallenge(AuthenticationEntryPoint entryPoint) {
        return (request, response, exception) -> entryPoint.commence(request, new HttpServletResponseWrapper(response) {

            @Override
            public void addHeader(String name, String value) {
                if (!HttpHeaders.WWW_AUTHENTICATE.equalsIgnoreCase(name)) {
                    super.addHeader(name, value);
                }
            }

            @Override
            public void setHeader(String name, String value) {
                if (!HttpHeaders.WWW_AUTHENTICATE.equalsIgnoreCase(name)) {
                    super.setHeader(name, value);
                }
            }
        }, exception);
    }

    private static CookieCsrfTokenRepository csrfCookie() {
        // readable by the inbox's own script, which sends it back in a header; never sent along by other sites
        CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
        repository.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        return repository;
    }

    private static HttpSessionRequestCache pagesOnly() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(PAGES);
        return cache;
    }
}
