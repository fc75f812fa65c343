package dev.msgsuite.mailbin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.testsupport.UnreachableDependenciesContract;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=localhost:" + UnreachableDependenciesContract.CLOSED_PORT,
        "spring.kafka.admin.operation-timeout=2s",
        "spring.kafka.producer.properties.max.block.ms=1000",
        "spring.datasource.url=jdbc:postgresql://localhost:" + UnreachableDependenciesContract.CLOSED_PORT + "/mailbin" })
class MailbinServiceWithoutBrokerAndDatabaseTests extends UnreachableDependenciesContract {

    @Override
    protected Set<String> unreachableDependencies() {
        return Set.of("kafka", "db", "databaseMigration");
    }

    @Test
    void aSubmissionKafkaCannotTakeIsAnswered503SoTheSenderKnowsToSendItAgain() {
        this.http.post().uri("/f/contact").contentType(MediaType.APPLICATION_JSON).body("{\"email\": \"jane@example.org\"}")
                .exchange().expectStatus().isEqualTo(503).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains("send it again"));
    }
}
