package dev.msgsuite.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Checks a service against its access table: every endpoint its controllers map has a row
 * (so a new endpoint without a rule fails the build), and each row is enforced over real
 * HTTP: refused without credentials (401, or a redirect to the login page for a browser
 * page), refused with the role just below the one it needs (403), allowed with that role.
 */
public final class AccessTable {

    private AccessTable() {
    }

    /** Every {@code METHOD /pattern} the application's controllers map. */
    public static Set<String> mappedEndpoints(ApplicationContext context) {
        Set<String> endpoints = new TreeSet<>();
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            mapping.getHandlerMethods().keySet().forEach(info -> {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        endpoints.add("ANY " + pattern);
                    }
                    methods.forEach(method -> endpoints.add(method.name() + " " + pattern));
                }
            });
        }
        return endpoints;
    }

    /**
     * Fails naming each mapped endpoint that has no row.
     *
     * @param notOurs endpoints that libraries map and that have their own rule elsewhere
     * (e.g. the error page), as {@code METHOD /pattern}
     */
    public static void assertEveryEndpointHasARule(ApplicationContext context, Collection<AccessRule> table, Set<String> notOurs) {
        Set<String> ruled = table.stream().map(AccessRule::endpoint).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(mappedEndpoints(context));
        missing.removeAll(ruled);
        missing.removeAll(notOurs);
        assertThat(missing).as("endpoints without a row in the access table").isEmpty();
    }

    /** Anonymous, the role below, and the role itself, against the running service. */
    public static void assertEnforced(RestTestClient http, AccessRule rule) {
        int anonymous = status(http, rule, null);
        if (rule.role() == null) {
            assertThat(anonymous).as(rule + " anonymous").isNotIn(401, 403);
            return;
        }
        assertThat(anonymous).as(rule + " anonymous").isIn(401, 302);
        TestCredentials.Role below = below(rule.role());
        if (below != null) {
            assertThat(status(http, rule, below.basic())).as(rule + " as " + below.user()).isEqualTo(403);
            assertThat(status(http, rule, below.bearer())).as(rule + " with the " + below.user() + " token").isEqualTo(403);
        }
        assertThat(status(http, rule, rule.role().basic())).as(rule + " as " + rule.role().user()).isNotIn(401, 403);
        assertThat(status(http, rule, rule.role().bearer())).as(rule + " with the " + rule.role().user() + " token").isNotIn(401, 403);
        assertThat(status(http, rule, "Bearer not-a-configured-token")).as(rule + " with an unknown token").isEqualTo(401);
    }

    private static TestCredentials.@Nullable Role below(TestCredentials.Role role) {
        return role.ordinal() == 0 ? null : TestCredentials.Role.values()[role.ordinal() - 1];
    }

    private static int status(RestTestClient http, AccessRule rule, @Nullable String authorization) {
        RestTestClient.RequestBodySpec request = http.method(HttpMethod.valueOf(rule.method())).uri(rule.example());
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        if (rule.body() != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(rule.body());
        }
        return request.exchange().returnResult(byte[].class).getStatus().value();
    }
}
