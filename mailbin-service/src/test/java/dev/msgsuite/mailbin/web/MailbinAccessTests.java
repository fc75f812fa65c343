package dev.msgsuite.mailbin.web;

import static dev.msgsuite.testsupport.AccessRule.needs;
import static dev.msgsuite.testsupport.AccessRule.open;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.mailbin.MailbinContext;
import dev.msgsuite.testsupport.AccessRule;
import dev.msgsuite.testsupport.AccessTable;
import dev.msgsuite.testsupport.TestCredentials.Role;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * mailbin's access table, the same as docs/mailbin.md's, checked against the running service:
 * every endpoint has a row, and each row holds for anonymous callers, the role below and the
 * role itself, with HTTP Basic and with API tokens.
 */
class MailbinAccessTests extends MailbinContext {

    private static final String SOME_ID = "00000000-0000-0000-0000-000000000001";

    static final List<AccessRule> TABLE = List.of(
            // what form posters and people logging in need
            open("POST", "/f/{formId}").at("/f/access-table").withBody("{\"n\": 1}"),
            open("GET", "/thanks.html"),
            open("GET", "/login"),
            open("GET", "/public/login.html"),
            open("GET", "/public/login.js"),
            open("GET", "/public/site.css"),
            open("GET", "/livez"),
            open("GET", "/readyz"),
            // the inbox: read, search, export, watch, API docs
            needs(Role.VIEWER, "GET", "/"),
            needs(Role.VIEWER, "GET", "/index.html"),
            needs(Role.VIEWER, "GET", "/inbox.js"),
            needs(Role.VIEWER, "GET", "/inbox.css"),
            needs(Role.VIEWER, "GET", "/api/forms"),
            needs(Role.VIEWER, "GET", "/api/submissions"),
            needs(Role.VIEWER, "GET", "/api/submissions/{id}").at("/api/submissions/" + SOME_ID),
            needs(Role.VIEWER, "GET", "/api/forms/{formId}/export.csv").at("/api/forms/access-table/export.csv"),
            needs(Role.VIEWER, "GET", "/api/forms/{formId}/export.json").at("/api/forms/access-table/export.json"),
            needs(Role.VIEWER, "GET", "/api/live"),
            needs(Role.VIEWER, "GET", "/v3/api-docs"),
            needs(Role.VIEWER, "GET", "/v3/api-docs.yaml"),
            needs(Role.VIEWER, "GET", "/v3/api-docs/swagger-config"),
            needs(Role.VIEWER, "GET", "/swagger-ui.html"),
            needs(Role.VIEWER, "GET", "/swagger-ui/index.html"),
            // deleting
            needs(Role.ADMIN, "DELETE", "/api/submissions/{id}").at("/api/submissions/" + SOME_ID));

    /** A stream answers its status at once but never ends: checked with a client that reads the status only. */
    private static final Set<String> STREAMS = Set.of("GET /api/live");

    static final List<AccessRule> ANSWERED_IN_FULL = TABLE.stream().filter(rule -> !STREAMS.contains(rule.endpoint())).toList();

    @Autowired
    private ApplicationContext context;

    @Value("${local.server.port}")
    private int port;

    @Test
    void everyEndpointHasARule() {
        AccessTable.assertEveryEndpointHasARule(this.context, TABLE, Set.of("ANY /error"));
    }

    @ParameterizedTest
    @FieldSource("ANSWERED_IN_FULL")
    void ruleIsEnforced(AccessRule rule) {
        AccessTable.assertEnforced(this.http, rule);
    }

    @Test
    void theLiveStreamNeedsAViewer() throws Exception {
        assertThat(streamStatus(null)).isEqualTo(401);
        assertThat(streamStatus(Role.VIEWER.basic())).isEqualTo(200);
        assertThat(streamStatus(Role.VIEWER.bearer())).isEqualTo(200);
        assertThat(streamStatus("Bearer not-a-configured-token")).isEqualTo(401);
    }

    @Test
    void anonymousPageVisitsGoToTheLoginPageAndApiCallsAreAnswered401WithAProblem() {
        this.http.get().uri("/?form=contact").exchange().expectStatus().isFound()
                .expectHeader().valueMatches(HttpHeaders.LOCATION, ".*/login");
        this.http.get().uri("/api/forms").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"mailbin-service\"")
                .expectBody().jsonPath("$.status").isEqualTo(401);
        this.http.get().uri("/api/forms").header(HttpHeaders.AUTHORIZATION, Role.VIEWER.basic().replace("=", "x") + "x")
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theInboxScriptWhoseSessionEndedGets401WithoutAChallengeSoNoPasswordDialogShows() {
        this.http.get().uri("/api/forms").header("X-Requested-With", "XMLHttpRequest").exchange().expectStatus().isUnauthorized()
                .expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void everyAnswerForbidsFramingInlineScriptAndSniffing() {
        for (String path : List.of("/login", "/thanks.html", "/public/login.js")) {
            this.http.get().uri(path).exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("Content-Security-Policy", ContentSecurityPolicy.POLICY)
                    .expectHeader().valueEquals("X-Frame-Options", "DENY")
                    .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals("Referrer-Policy", "same-origin");
        }
        as(Role.VIEWER).get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", ContentSecurityPolicy.POLICY)
                .expectHeader().valueEquals("X-Frame-Options", "DENY");
        assertThat(ContentSecurityPolicy.POLICY).contains("script-src 'self';", "style-src 'self';", "frame-ancestors 'none'")
                .doesNotContain("unsafe");
        as(Role.VIEWER).get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", ContentSecurityPolicy.SWAGGER_UI_POLICY);
        assertThat(ContentSecurityPolicy.SWAGGER_UI_POLICY).contains("frame-ancestors 'none'").doesNotContain("unsafe");
    }

    @Test
    void aLoggedInBrowserChangesNothingWithoutTheCsrfTokenItsPagesGot() throws Exception {
        UUID id = postJson(uniqueForm("csrf"), "{\"n\": 1}");
        awaitStored(id);
        CookieManager cookies = new CookieManager();
        try (HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build()) {
            assertThat(send(browser, "GET", "/login", null, null).statusCode()).isEqualTo(200);
            String loginToken = cookie(cookies, "XSRF-TOKEN");
            String credentials = "username=" + Role.ADMIN.user() + "&password=" + Role.ADMIN.password();
            assertThat(send(browser, "POST", "/login", credentials, null).statusCode()).as("login without the token").isEqualTo(403);
            HttpResponse<String> login = send(browser, "POST", "/login", credentials + "&_csrf=" + loginToken, null);
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(login.headers().firstValue(HttpHeaders.LOCATION)).hasValueSatisfying(to -> assertThat(to).endsWith("/"));
            assertThat(send(browser, "GET", "/", null, null).statusCode()).isEqualTo(200);
            String token = cookie(cookies, "XSRF-TOKEN");

            assertThat(send(browser, "DELETE", "/api/submissions/" + id, null, null).statusCode()).isEqualTo(403);
            assertThat(send(browser, "DELETE", "/api/submissions/" + id, null, "not-" + token).statusCode()).isEqualTo(403);
            assertThat(send(browser, "GET", "/api/submissions/" + id, null, null).statusCode()).isEqualTo(200);
            assertThat(send(browser, "DELETE", "/api/submissions/" + id, null, token).statusCode()).isEqualTo(204);

            assertThat(send(browser, "POST", "/logout", "", null).statusCode()).as("logout without the token").isEqualTo(403);
            HttpResponse<String> logout = send(browser, "POST", "/logout", "_csrf=" + token, null);
            assertThat(logout.statusCode()).isEqualTo(302);
            assertThat(logout.headers().firstValue(HttpHeaders.LOCATION)).hasValueSatisfying(to -> assertThat(to).endsWith("/login?logout"));
            assertThat(send(browser, "GET", "/api/forms", null, null).statusCode()).isEqualTo(401);
        }
    }

    private HttpResponse<String> send(HttpClient browser, String method, String path, @Nullable String form, @Nullable String csrf)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
                .header(HttpHeaders.ACCEPT, "text/html,*/*;q=0.8")
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            request.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED_VALUE);
        }
        if (csrf != null) {
            request.header("X-XSRF-TOKEN", csrf);
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(CookieManager cookies, String name) {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals(name) && !cookie.getValue().isEmpty())
                .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no cookie " + name + " in " + cookies.getCookieStore().getCookies()));
    }

    private int streamStatus(@Nullable String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/live"))
                .header(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            response.body().close();
            return response.statusCode();
        }
    }
}
