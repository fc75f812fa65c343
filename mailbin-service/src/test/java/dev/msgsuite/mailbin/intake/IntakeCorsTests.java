package dev.msgsuite.mailbin.intake;

import dev.msgsuite.mailbin.MailbinContext;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Without an allow-list, pages of any origin may post to the intake and read its answer; nothing else is shared. */
class IntakeCorsTests extends MailbinContext {

    @Test
    void aPageOfAnyOriginMayPostAndReadTheAnswer() {
        this.http.options().uri("/f/{form}", uniqueForm("cors")).header(HttpHeaders.ORIGIN, "https://any.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .expectHeader().valueMatches(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ".*POST.*")
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);

        this.http.post().uri("/f/{form}", uniqueForm("cors")).header("X-Forwarded-For", newClientAddress())
                .header(HttpHeaders.ORIGIN, "https://any.example").contentType(MediaType.APPLICATION_JSON).body("{\"a\": \"b\"}")
                .exchange().expectStatus().isAccepted()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .expectHeader().valueMatches(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, ".*Location.*");
    }

    @Test
    void theInboxApiIsNotSharedWithOtherOrigins() {
        this.http.options().uri("/api/forms").header(HttpHeaders.ORIGIN, "https://any.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET").exchange()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        this.http.options().uri("/api/submissions/00000000-0000-0000-0000-000000000001").header(HttpHeaders.ORIGIN, "https://any.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE").exchange()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }
}
