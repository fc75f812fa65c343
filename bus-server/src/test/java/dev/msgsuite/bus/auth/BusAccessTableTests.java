package dev.msgsuite.bus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.testsupport.AccessRule;
import dev.msgsuite.testsupport.AccessTable;
import dev.msgsuite.testsupport.TestCredentials.Role;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

/** bus-server's HTTP access table (docs/protocol.md, "Access"), walked over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class BusAccessTableTests {

    static final List<AccessRule> TABLE = List.of(
            // the websocket handshakes: open to HTTP, the skill-bus token decides at the handshake
            AccessRule.open("GET", "/"),
            AccessRule.open("GET", "/ws"),
            AccessRule.open("GET", "/skillbus.js"),
            AccessRule.needs(Role.VIEWER, "GET", "/status.html"),
            AccessRule.needs(Role.VIEWER, "GET", "/api/skills"),
            AccessRule.needs(Role.VIEWER, "GET", "/api/clients"));

    /** Spring Boot's error page: reached only by error dispatches, which the chain permits. */
    private static final Set<String> NOT_OURS = Set.of("ANY /error");

    @Autowired
    ApplicationContext context;

    @Autowired
    RestTestClient http;

    @Test
    void everyMappedEndpointHasARule() {
        AccessTable.assertEveryEndpointHasARule(this.context, TABLE, NOT_OURS);
    }

    @Test
    void everyStaticFileHasARule() throws IOException {
        Set<String> files = new TreeSet<>();
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:static/**/*.*")) {
            String url = resource.getURL().toString();
            files.add("GET /" + url.substring(url.lastIndexOf("static/") + "static/".length()));
        }
        assertThat(files).isNotEmpty();
        assertThat(TABLE.stream().map(AccessRule::endpoint).toList()).containsAll(files);
    }

    @ParameterizedTest
    @FieldSource("TABLE")
    void ruleIsEnforced(AccessRule rule) {
        AccessTable.assertEnforced(this.http, rule);
    }

    @Test
    void pathsOutsideTheTableAreRefusedEvenToAnAdmin() {
        for (String path : List.of("/index.html", "/api", "/api/sessions", "/actuator/env")) {
            assertThat(status(path, null)).as(path).isEqualTo(401);
            assertThat(status(path, Role.ADMIN.basic())).as(path).isIn(403, 404);
        }
    }

    private int status(String path, String authorization) {
        RestTestClient.RequestHeadersSpec<?> request = this.http.get().uri(path);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request.exchange().returnResult(byte[].class).getStatus().value();
    }
}
