package dev.msgsuite.systemtests.mailbin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.fakeforms.FakeFormProducerApplication;
import dev.msgsuite.mailbin.MailbinServiceApplication;
import dev.msgsuite.testsupport.KafkaTestBroker;
import dev.msgsuite.testsupport.PostgresTestDatabase;
import dev.msgsuite.testsupport.TestCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Fake-form producers (their own application) feed the pipeline; several at once. mailbin-service
 * runs on a real embedded Kafka and a fresh PostgreSQL database, the producers beside it in this JVM.
 */
@SpringBootTest(classes = MailbinServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import({ KafkaTestBroker.class, PostgresTestDatabase.class })
class FakeFormProducerTests {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Autowired
    private RestTestClient http;

    @Test
    @SuppressWarnings("unchecked")
    void twoProducersRunningAtOnceGetAllTheirSubmissionsStored() {
        String first = uniqueForm("fake");
        String second = uniqueForm("fake");

        try (ConfigurableApplicationContext one = startProducer("one", first + "," + second);
                ConfigurableApplicationContext two = startProducer("two", first + "," + second)) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(storedCount(first) + storedCount(second)).isEqualTo(20));
        }

        Map<String, Object> page = as(TestCredentials.Role.VIEWER).get().uri("/api/submissions?form={form}&size=20", first).exchange()
                .expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertThat(items).hasSize(10).extracting(item -> item.get("source")).containsOnly("producer:one", "producer:two");
        assertThat(items).allSatisfy(item -> assertThat((Map<String, Object>) item.get("fields")).containsOnlyKeys("first_name",
                "last_name", "email", "created_at", "ip", "user_agent", "service_uri"));
    }

    @Test
    void aProducerShowsWhatKafkaAcknowledgedInItsHealthFile(@TempDir Path dir) {
        Path file = dir.resolve("acknowledged");
        try (ConfigurableApplicationContext producer = FakeFormProducerApplication.builder().run(
                "--spring.kafka.bootstrap-servers=" + this.bootstrapServers, "--mailbin.producer.rate=20",
                "--mailbin.producer.forms=" + uniqueForm("health"), "--mailbin.producer.health.file=" + file)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(file).content()
                    .satisfies(count -> assertThat(Long.parseLong(count.strip())).isPositive()));
        }
    }

    private ConfigurableApplicationContext startProducer(String id, String forms) {
        return FakeFormProducerApplication.builder().run("--spring.kafka.bootstrap-servers=" + this.bootstrapServers,
                "--mailbin.producer.id=" + id, "--mailbin.producer.rate=50", "--mailbin.producer.max-count=10",
                "--mailbin.producer.forms=" + forms);
    }

    private RestTestClient as(TestCredentials.Role role) {
        return this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, role.basic()).build();
    }

    private long storedCount(String formId) {
        Map<String, Object> page = as(TestCredentials.Role.VIEWER).get().uri("/api/submissions?form={form}&size=1", formId).exchange()
                .expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        return ((Number) page.get("total")).longValue();
    }

    private static String uniqueForm(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
