package dev.msgsuite.mailbin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.fakeforms.FakeFormProducerApplication;
import dev.msgsuite.mailbin.MailbinContext;
import dev.msgsuite.testsupport.TestCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;

/** Fake-form producers (their own application) feed the pipeline; several at once. */
class FakeFormProducerTests extends MailbinContext {

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

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

    private ConfigurableApplicationContext startProducer(String id, String forms) {
        return FakeFormProducerApplication.builder().run("--spring.kafka.bootstrap-servers=" + this.bootstrapServers,
                "--mailbin.producer.id=" + id, "--mailbin.producer.rate=50", "--mailbin.producer.max-count=10",
                "--mailbin.producer.forms=" + forms);
    }
}
