package dev.msgsuite.mailbin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.support.skillbus.RecordingBusEvents;
import dev.msgsuite.testsupport.KafkaTestBroker;
import dev.msgsuite.testsupport.PostgresTestDatabase;
import dev.msgsuite.testsupport.TestCredentials;
import dev.msgsuite.testsupport.tracing.RecordedSpans;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The one application context of mailbin's integration tests (the same as the actuator
 * contract's, so it is built once): a real embedded Kafka and a fresh PostgreSQL database.
 * Skill-bus events are recorded instead of sent, and finished spans kept ({@link RecordedSpans}).
 * Each test uses form ids of its own, and a
 * client address of its own so the per-client rate limit of one test never throttles another.
 * {@link #http} sends no credentials, as the intake's posters do; {@link #as} reads the inbox API
 * with a user's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import({ KafkaTestBroker.class, PostgresTestDatabase.class, RecordingBusEvents.class, RecordedSpans.Configuration.class })
public abstract class MailbinContext {

    protected static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @Autowired
    protected RestTestClient http;

    /** A client of the inbox API that logs in as the user of {@code role} (HTTP Basic). */
    protected RestTestClient as(TestCredentials.Role role) {
        return this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, role.basic()).build();
    }

    /** A client address no other test uses, sent as X-Forwarded-For (trusted from loopback). */
    protected static String newClientAddress() {
        int n = CLIENTS.incrementAndGet();
        return "198.18." + (n / 250) + "." + (n % 250 + 1);
    }

    protected static String uniqueForm(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Posts JSON as an API client and returns the accepted submission id. */
    protected UUID postJson(String formId, String json) {
        Map<String, Object> accepted = this.http.post().uri("/f/{form}", formId).header("X-Forwarded-For", newClientAddress())
                .contentType(MediaType.APPLICATION_JSON).body(json).exchange().expectStatus().isAccepted()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
        assertThat(accepted).containsEntry("formId", formId);
        return UUID.fromString((String) accepted.get("id"));
    }

    /** Waits until the submission is in the database and returns it as the API shows it. */
    protected Map<String, Object> awaitStored(UUID id) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> as(TestCredentials.Role.VIEWER).get().uri("/api/submissions/{id}", id)
                .exchange().returnResult(JSON_OBJECT), result -> result.getStatus().value() == 200).getResponseBody();
    }

    protected long storedCount(String formId) {
        Map<String, Object> page = as(TestCredentials.Role.VIEWER).get().uri("/api/submissions?form={form}&size=1", formId).exchange()
                .expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        return ((Number) page.get("total")).longValue();
    }
}
