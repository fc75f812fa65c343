package dev.msgsuite.mailbin.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.mailbin.MailbinContext;
import dev.msgsuite.testsupport.TestCredentials.Role;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The read API's bounds: a big form's export is streamed from a database cursor (while the
 * client has read only the first lines, the rest is still in PostgreSQL, an open read-only
 * transaction holding the cursor, and the whole export arrives row for row), far pages and long
 * queries are refused, and each user has a request rate.
 */
class ReadApiLimitsTests extends MailbinContext {

    private static final int ROWS = 200_000;

    @Autowired
    private JdbcClient jdbc;

    @Value("${local.server.port}")
    private int port;

    @Test
    void aFormOfManyRowsIsStreamedFromACursorNotLoadedWhole() throws Exception {
        String form = uniqueForm("big-export");
        this.jdbc.sql("INSERT INTO submission (id, form_id, received_at, source, fields) SELECT gen_random_uuid(), ?, "
                + "now() - make_interval(secs => n), 'test', json_build_object('m', json_build_array(repeat('x', 200) || n)) FROM generate_series(1, ?) n")
                .params(form, ROWS).update();
        try {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + this.port + "/api/forms/" + form + "/export.csv"))
                    .header("Authorization", Role.VIEWER.basic()).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + form + ".csv\"");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).startsWith("id,received_at,source,client_ip,user_agent,m");
                assertThat(lines.readLine()).contains("x".repeat(200));

                // the client stopped reading: with a buffered result the query would be over and the connection idle
                Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(exportSessions())
                        .anySatisfy(state -> assertThat(state).isIn("idle in transaction", "active")));

                long rows = 1 + lines.lines().count();
                assertThat(rows).isEqualTo(ROWS);
            }
        }
        finally {
            this.jdbc.sql("DELETE FROM submission WHERE form_id = ?").param(form).update();
        }
    }

    @Test
    void farPagesAndLongQueriesAreRefused() {
        as(Role.VIEWER).get().uri("/api/submissions?page=100000000").exchange().expectStatus().isBadRequest();
        as(Role.VIEWER).get().uri("/api/submissions?page=1000").exchange().expectStatus().isOk();
        as(Role.VIEWER).get().uri("/api/submissions?q={q}", "a b c d e f g h i").exchange().expectStatus().isBadRequest();
        as(Role.VIEWER).get().uri("/api/submissions?q={q}", "y".repeat(201)).exchange().expectStatus().isBadRequest();
        as(Role.VIEWER).get().uri("/api/submissions?q={q}", "a b c d e f g h").exchange().expectStatus().isOk();
    }

    @Test
    void aUserOverTheApiRateGets429WithRetryAfterWhileOthersGoOn() throws Exception {
        // the operator's API token: no other test of this context reads with it in bulk
        RestTestClient token = this.http.mutate().defaultHeader("Authorization", Role.OPERATOR.bearer()).build();
        // all at once, so the burst runs out however slowly this machine answers (tokens come back at 20/s)
        List<EntityExchangeResult<String>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<EntityExchangeResult<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                sent.add(clients.submit(() -> token.get().uri("/api/submissions/{id}", UUID.randomUUID()).exchange()
                        .returnResult(String.class)));
            }
            for (Future<EntityExchangeResult<String>> answer : sent) {
                answers.add(answer.get());
            }
        }
        EntityExchangeResult<String> answer = answers.stream().filter(result -> result.getStatus().value() == 429).findFirst()
                .orElseThrow(() -> new AssertionError("no request of 300 was refused"));

        assertThat(answer.getStatus().value()).isEqualTo(429);
        assertThat(answer.getResponseHeaders().getFirst("Retry-After")).isNotBlank();
        assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getResponseBody()).contains("Too many API requests from this user");
        as(Role.VIEWER).get().uri("/api/forms").exchange().expectStatus().isOk();
        // leave the token usable for the tests that follow
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> token.get().uri("/api/forms").exchange().returnResult()
                .getStatus().value() == 200);
    }

    private List<String> exportSessions() {
        return this.jdbc.sql("SELECT state FROM pg_stat_activity WHERE query LIKE 'SELECT id, form_id%FROM submission WHERE form_id = $1 ORDER BY received_at, id'"
                + " AND pid <> pg_backend_pid()").query(String.class).list();
    }

}
