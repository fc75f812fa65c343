package dev.msgsuite.mailbin.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.mailbin.MailbinContext;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * With {@code mailbin.intake.allowed-origins} and {@code allowed-form-ids} set, only the listed
 * pages may post, only to the listed forms; scripts that name no page still may.
 */
@TestPropertySource(properties = { "mailbin.intake.allowed-origins=https://forms.example,http://localhost:8080",
        "mailbin.intake.allowed-form-ids=allowed-contact,allowed-newsletter" })
class IntakeAllowListTests extends MailbinContext {

    private static final String FORM = "allowed-contact";

    @Test
    void aListedPageMayPostAndReadTheAnswer() {
        post(FORM, HttpHeaders.ORIGIN, "https://forms.example").expectStatus().isAccepted()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://forms.example");
        post(FORM, HttpHeaders.ORIGIN, "http://localhost:8080").expectStatus().isAccepted();
        post(FORM, HttpHeaders.REFERER, "https://forms.example/contact.html?x=1").expectStatus().isAccepted();
        post(FORM, null, null).expectStatus().isAccepted();   // a script names no page

        this.http.options().uri("/f/{form}", FORM).header(HttpHeaders.ORIGIN, "https://forms.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST").exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://forms.example");
    }

    @Test
    void aPageOfAnotherOriginIsRefusedWithAProblemAndNothingIsStored() {
        String form = "allowed-newsletter";
        long before = storedCount(form);

        for (String[] sender : new String[][] { { HttpHeaders.ORIGIN, "https://evil.example" }, { HttpHeaders.ORIGIN, "null" },
                { HttpHeaders.ORIGIN, "https://forms.example:8443" }, { HttpHeaders.REFERER, "https://evil.example/forms.example" } }) {
            post(form, sender[0], sender[1]).expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                    .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains("allowed-origins"));
        }
        this.http.options().uri("/f/{form}", form).header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST").exchange()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        UUID sentinel = postJson(form, "{\"after\": true}");
        awaitStored(sentinel);

        // same form = same partition: anything accepted before the sentinel is stored before it
        assertThat(storedCount(form)).isEqualTo(before + 1);
    }

    @Test
    void aFormNotListedIsNotFound() {
        post("contact", HttpHeaders.ORIGIN, "https://forms.example").expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains("allowed-form-ids"));
    }

    private RestTestClient.ResponseSpec post(String form, @Nullable String header, @Nullable String value) {
        RestTestClient.RequestBodySpec request = this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", newClientAddress());
        if (header != null && value != null) {
            request.header(header, value);
        }
        return request.contentType(MediaType.APPLICATION_JSON).body("{\"message\": \"hello\"}").exchange();
    }
}
