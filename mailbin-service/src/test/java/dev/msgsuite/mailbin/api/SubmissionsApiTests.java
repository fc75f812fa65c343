package dev.msgsuite.mailbin.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.mailbin.MailbinContext;
import dev.msgsuite.testsupport.TestCredentials.Role;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The REST API over stored submissions, as a client sees it. */
class SubmissionsApiTests extends MailbinContext {

    private static final String SCRIPT = "<script>document.title='pwned'</script>";

    @Test
    void formsAreListedWithTheirCounts() {
        String form = uniqueForm("counted");
        awaitStored(postJson(form, "{\"n\": 1}"));
        awaitStored(postJson(form, "{\"n\": 2}"));

        List<Map<String, Object>> forms = as(Role.VIEWER).get().uri("/api/forms").exchange().expectStatus().isOk()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<List<Map<String, Object>>>() {
                }).returnResult().getResponseBody();

        assertThat(forms).filteredOn(f -> form.equals(f.get("formId"))).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("submissions", 2).containsKey("lastReceivedAt"));
    }

    @Test
    void submissionsArePagedNewestFirst() {
        String form = uniqueForm("paged");
        List<UUID> ids = List.of(1, 2, 3, 4, 5).stream().map(n -> postJson(form, "{\"n\": " + n + "}")).toList();
        ids.forEach(this::awaitStored);

        Map<String, Object> second = as(Role.VIEWER).get().uri("/api/submissions?form={form}&page=1&size=2", form).exchange()
                .expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(second).containsEntry("total", 5).containsEntry("page", 1).containsEntry("size", 2);
        assertThat(items(second)).extracting(item -> item.get("id")).containsExactly(ids.get(2).toString(), ids.get(1).toString());
        as(Role.VIEWER).get().uri("/api/submissions?size=500").exchange().expectStatus().isBadRequest();
    }

    @Test
    void fullTextSearchMatchesWordPrefixesInValues() {
        String form = uniqueForm("search");
        UUID jane = postJson(form, "{\"name\": \"Jane Austen\", \"email\": \"jane@example.org\", \"message\": \"Pride and prejudice\"}");
        UUID mark = postJson(form, "{\"name\": \"Mark Twain\", \"message\": \"Huckleberry\"}");
        awaitStored(jane);
        awaitStored(mark);

        assertThat(search(form, "prejud")).containsExactly(jane.toString());
        assertThat(search(form, "twain huckle")).containsExactly(mark.toString());
        assertThat(search(form, "jane@example.org")).containsExactly(jane.toString());
        assertThat(search(form, "nobody")).isEmpty();
        assertThat(search(form, "') | ('x")).isEmpty();
    }

    @Test
    void scriptAndHtmlPayloadsComeBackVerbatimAsJsonText() {
        String form = uniqueForm("payload");
        UUID id = postJson(form, "{\"message\": \"" + SCRIPT + "\", \"html\": \"<b onmouseover=alert(1)>x</b>\"}");

        assertThat(awaitStored(id).get("fields")).isEqualTo(Map.of("message", List.of(SCRIPT),
                "html", List.of("<b onmouseover=alert(1)>x</b>")));
    }

    @Test
    void aDeletedSubmissionIsGone() {
        UUID id = postJson(uniqueForm("deleted"), "{\"n\": 1}");
        awaitStored(id);

        as(Role.ADMIN).delete().uri("/api/submissions/{id}", id).exchange().expectStatus().isNoContent();

        as(Role.VIEWER).get().uri("/api/submissions/{id}", id).exchange().expectStatus().isNotFound();
        as(Role.ADMIN).delete().uri("/api/submissions/{id}", id).exchange().expectStatus().isNotFound();
    }

    @Test
    void formExportsAsCsvWithAColumnPerFieldAndFormulasDefused() {
        String form = uniqueForm("csv");
        awaitStored(postJson(form, "{\"name\": \"Ann, Lee\", \"note\": \"=HYPERLINK(\\\"http://x\\\")\"}"));
        awaitStored(postJson(form, "{\"name\": \"Bob\", \"extra\": \"two\\nlines\"}"));

        String csv = as(Role.VIEWER).get().uri("/api/forms/{form}/export.csv", form).exchange().expectStatus().isOk()
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"" + form + ".csv\"")
                .expectBody(String.class).returnResult().getResponseBody();

        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("id,received_at,source,client_ip,user_agent,name,note,extra");
        assertThat(lines[1]).endsWith(",\"Ann, Lee\",\"'=HYPERLINK(\"\"http://x\"\")\",");
        assertThat(lines[2]).endsWith(",Bob,,\"two\nlines\"");
    }

    @Test
    void formExportsAsAJsonArrayOldestFirst() {
        String form = uniqueForm("json-export");
        UUID first = postJson(form, "{\"n\": 1}");
        awaitStored(first);
        UUID second = postJson(form, "{\"n\": 2}");
        awaitStored(second);

        List<Map<String, Object>> exported = as(Role.VIEWER).get().uri("/api/forms/{form}/export.json", form).exchange()
                .expectStatus().isOk().expectBody(new org.springframework.core.ParameterizedTypeReference<List<Map<String, Object>>>() {
                }).returnResult().getResponseBody();

        assertThat(exported).extracting(s -> s.get("id")).containsExactly(first.toString(), second.toString());
        as(Role.VIEWER).get().uri("/api/forms/{form}/export.json", uniqueForm("none")).exchange().expectStatus().isNotFound();
    }

    @Test
    void theApiIsDescribedByOpenApi() {
        as(Role.VIEWER).get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/submissions']").exists()
                .jsonPath("$.paths['/api/forms/{formId}/export.csv']").exists()
                .jsonPath("$.paths['/f/{formId}']").exists();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    private List<Object> search(String form, String q) {
        Map<String, Object> page = as(Role.VIEWER).get().uri(b -> b.path("/api/submissions").queryParam("form", form)
                .queryParam("q", q).build()).exchange().expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        return items(page).stream().map(item -> item.get("id")).toList();
    }
}
