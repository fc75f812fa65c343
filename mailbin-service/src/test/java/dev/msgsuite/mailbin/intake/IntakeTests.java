package dev.msgsuite.mailbin.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.mailbin.MailbinContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** From {@code POST /f/{formId}} through Kafka into PostgreSQL, as browsers and API clients post. */
class IntakeTests extends MailbinContext {

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Value("${local.server.port}")
    private int port;

    @Test
    void urlEncodedPostFromAnApiClientIsAcceptedWith202AndStoredWithItsFieldsInOrder() {
        String form = uniqueForm("contact");
        String client = newClientAddress();

        Map<String, Object> accepted = this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", client)
                .header("User-Agent", "curl/8").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("name=Jane+Doe&email=jane%40example.org&topic=a&topic=b&_gotcha=").exchange()
                .expectStatus().isAccepted().expectHeader().valueMatches("Location", "/api/submissions/.+")
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
        Map<String, Object> stored = awaitStored(UUID.fromString((String) accepted.get("id")));

        assertThat(stored).containsEntry("formId", form).containsEntry("clientIp", client)
                .containsEntry("userAgent", "curl/8").containsEntry("source", "http");
        @SuppressWarnings("unchecked")
        Map<String, List<String>> fields = (Map<String, List<String>>) stored.get("fields");
        assertThat(fields).containsExactly(Map.entry("name", List.of("Jane Doe")), Map.entry("email", List.of("jane@example.org")),
                Map.entry("topic", List.of("a", "b")));
    }

    @Test
    void browserPostIsRedirectedToTheThankYouPage() throws Exception {
        String form = uniqueForm("browser");

        HttpResponse<String> response = browserPost(form, "message=hello");

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/thanks.html?form=" + form));
        assertThat(this.browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/thanks.html")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("Thank you");
    }

    @Test
    void browserPostWithARelativeNextIsRedirectedThere() throws Exception {
        HttpResponse<String> response = browserPost(uniqueForm("next"), "message=hi&_next=%2Fdone%3Fok%3D1");

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/done?ok=1"));
    }

    @Test
    void nextPointingToAnOriginNotAllowedIsRefusedAndNothingIsStored() throws Exception {
        String form = uniqueForm("evil-next");

        HttpResponse<String> refused = browserPost(form, "message=hi&_next=https%3A%2F%2Fevil.example%2Fphish");
        UUID later = postJson(form, "{\"message\": \"after\"}");
        awaitStored(later);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("_next").contains("not allowed");
        assertThat(storedCount(form)).isOne();
    }

    @Test
    void multipartFieldsAreStored() {
        String form = uniqueForm("multipart");
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("name", "Ada");
        parts.add("comment", "multi\nline");

        Map<String, Object> accepted = this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", newClientAddress())
                .contentType(MediaType.MULTIPART_FORM_DATA).body(parts).exchange().expectStatus().isAccepted()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(awaitStored(UUID.fromString((String) accepted.get("id"))).get("fields"))
                .isEqualTo(Map.of("name", List.of("Ada"), "comment", List.of("multi\nline")));
    }

    @Test
    void multipartWithAFileIsRefused() {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("name", "Ada");
        parts.add("upload", new ByteArrayResource("data".getBytes()) {
            @Override
            public String getFilename() {
                return "a.txt";
            }
        });

        this.http.post().uri("/f/{form}", uniqueForm("file")).header("X-Forwarded-For", newClientAddress())
                .contentType(MediaType.MULTIPART_FORM_DATA).body(parts).exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("File uploads are not accepted, only text fields");
    }

    @Test
    void jsonSubmissionKeepsListsAndTurnsScalarsIntoText() {
        UUID id = postJson(uniqueForm("json"), "{\"email\": \"a@b.c\", \"tags\": [\"x\", \"y\"], \"age\": 42, \"ok\": true}");

        assertThat(awaitStored(id).get("fields")).isEqualTo(Map.of("email", List.of("a@b.c"), "tags", List.of("x", "y"),
                "age", List.of("42"), "ok", List.of("true")));
    }

    @Test
    void retryWithTheSameIdempotencyKeyIsStoredOnce() {
        String form = uniqueForm("idem");

        List<String> ids = List.of(1, 2).stream().map(attempt -> (String) this.http.post().uri("/f/{form}", form)
                .header("X-Forwarded-For", newClientAddress()).header("Idempotency-Key", "order-17")
                .contentType(MediaType.APPLICATION_JSON).body("{\"attempt\": " + attempt + "}").exchange()
                .expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult().getResponseBody().get("id")).toList();
        UUID sentinel = postJson(form, "{\"after\": true}");
        awaitStored(sentinel);

        assertThat(ids.get(0)).isEqualTo(ids.get(1));
        assertThat(storedCount(form)).isEqualTo(2);
        assertThat(awaitStored(UUID.fromString(ids.get(0))).get("fields")).isEqualTo(Map.of("attempt", List.of("1")));
    }

    private HttpResponse<String> browserPost(String form, String body) throws IOException, InterruptedException {
        return this.browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/f/" + form))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-For", newClientAddress())
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
