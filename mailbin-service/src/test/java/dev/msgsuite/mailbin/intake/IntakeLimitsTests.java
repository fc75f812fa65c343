package dev.msgsuite.mailbin.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.mailbin.MailbinContext;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** Spam and abuse limits answer with a clear status and message, and store nothing. */
class IntakeLimitsTests extends MailbinContext {

    @Test
    void refusedSubmissionsLeaveNothingBehind() {
        String form = uniqueForm("limits");

        refuse(form, MediaType.APPLICATION_JSON, "{\"a\": \"" + "x".repeat(70 * 1024) + "\"}", 413, "larger than 65536 bytes");
        refuse(form, MediaType.APPLICATION_JSON, "{\"a\": \"" + "x".repeat(10_001) + "\"}", 422, "Field 'a' is 10001 characters long");
        refuse(form, MediaType.APPLICATION_FORM_URLENCODED, IntStream.range(0, 51).mapToObj(i -> "f" + i + "=v")
                .collect(Collectors.joining("&")), 422, "Too many fields");
        refuse(form, MediaType.APPLICATION_FORM_URLENCODED, "email=bot%40spam.example&_gotcha=http%3A%2F%2Fspam", 422,
                "hidden field '_gotcha' must be left empty");
        refuse(form, MediaType.APPLICATION_JSON, "{\"nested\": {\"a\": 1}}", 422, "not a nested object");
        refuse(form, MediaType.APPLICATION_JSON, "[1, 2]", 422, "must be an object of fields");
        refuse(form, MediaType.APPLICATION_JSON, "{not json", 400, "not valid JSON");
        refuse(form, MediaType.APPLICATION_FORM_URLENCODED, "", 422, "no fields");
        refuse(form, MediaType.TEXT_PLAIN, "hello", 415, "is not accepted");
        MultiValueMap<String, Object> big = new LinkedMultiValueMap<>();
        big.add("a", "y".repeat(70 * 1024));
        this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", newClientAddress())
                .contentType(MediaType.MULTIPART_FORM_DATA).body(big).exchange().expectStatus().isEqualTo(413);
        UUID accepted = postJson(form, "{\"ok\": \"yes\"}");
        awaitStored(accepted);

        // same form = same partition: everything sent before the accepted one was processed before it
        assertThat(storedCount(form)).isOne();
    }

    @Test
    void invalidFormIdIsRefused() {
        refuse("bad!id", MediaType.APPLICATION_JSON, "{\"a\": 1}", 422, "Form id 'bad!id' is not valid");
    }

    @Test
    void aClientOverItsRateGets429WithRetryAfterWhileOthersGoOn() {
        String form = uniqueForm("rate");
        String client = newClientAddress();

        for (int i = 0; i < 20; i++) {
            this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", client).contentType(MediaType.APPLICATION_JSON)
                    .body("{\"n\": " + i + "}").exchange().expectStatus().isAccepted();
        }

        // a slow machine may have refilled a token or two meanwhile (1 per second)
        int status = 202;
        for (int i = 20; i < 30 && status == 202; i++) {
            status = this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", client).contentType(MediaType.APPLICATION_JSON)
                    .body("{\"n\": " + i + "}").exchange().returnResult().getStatus().value();
        }
        assertThat(status).isEqualTo(429);
        this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", client).contentType(MediaType.APPLICATION_JSON)
                .body("{\"n\": 30}").exchange().expectStatus().isEqualTo(429).expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).startsWith("Too many submissions"));
        postJson(form, "{\"other\": \"client\"}");
    }

    private void refuse(String form, MediaType type, String body, int status, String message) {
        this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", newClientAddress()).contentType(type).body(body)
                .exchange().expectStatus().isEqualTo(status).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains(message));
    }
}
