package dev.msgsuite.saver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.saver.results.ResultStore;
import dev.msgsuite.testsupport.RabbitTestBroker;
import dev.msgsuite.testsupport.TestCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The migrations and the idempotent writes also work on the embedded default database: an H2
 * file database in PostgreSQL mode (here under {@code target/}, not the default {@code ./data/}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:file:./target/embedded-db/saver-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH")
@AutoConfigureRestTestClient
@Import(RabbitTestBroker.class)
class SaverOnEmbeddedDatabaseTests {

    @Autowired
    RestTestClient http;

    @Autowired
    ResultStore results;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void asOperator() {
        this.http = this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, TestCredentials.Role.OPERATOR.bearer()).build();
    }

    @Test
    void withoutADatabaseConfiguredTheDefaultIsTheEmbeddedFileDatabase() throws IOException {
        var packaged = new YamlPropertySourceLoader().load("application.yml",
                new FileSystemResource("src/main/resources/application.yml"));

        assertThat(packaged).singleElement().satisfies(source -> assertThat(source.getProperty("spring.datasource.url"))
                .asString().startsWith("jdbc:h2:file:./data/saver-service;MODE=PostgreSQL"));
        assertThat(this.jdbc.sql("select setting_value from information_schema.settings where setting_name = 'MODE'")
                .query(String.class).single()).isEqualTo("PostgreSQL");
        assertThat(Files.list(Path.of("target", "embedded-db"))).isNotEmpty();
    }

    @Test
    void storesElectionsJobsAndResultsIdempotently() {
        this.http.post().uri("/api/elections").contentType(MediaType.APPLICATION_JSON).body(SaverApiTests.ELECTION)
                .exchange().expectStatus().isCreated();
        String jobId = this.http.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("electionId", SaverApiTests.ELECTION.id(), "generate", 1)).exchange().expectStatus().isAccepted()
                .expectBody(Map.class).returnResult().getResponseBody().get("jobId").toString();
        ComputeResult result = new ComputeResult(jobId, 0, SaverApiTests.ELECTION.id(), "n", 0, 2, new int[] { 2 },
                new int[] { 8 }, new int[] { 4, 4 }, 0, null);
        ComputeResult failure = ComputeResult.failure(jobId, 1, SaverApiTests.ELECTION.id(), "n", 1, 4, "bad answers");

        this.results.write(List.of(result, failure));
        this.results.write(List.of(result, failure));

        assertThat(this.jdbc.sql("select count(*) from result_batches").query(Long.class).single()).isEqualTo(1);
        this.http.get().uri("/api/jobs/{id}", jobId).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.done").isEqualTo(1).jsonPath("$.failed").isEqualTo(4);
        this.http.get().uri("/api/jobs/{id}/results", jobId).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[0].agreement[1]").isEqualTo(50.0).jsonPath("$.items[0].points[1]").isEqualTo(4);
        this.http.get().uri("/api/elections/{id}", SaverApiTests.ELECTION.id()).exchange().expectStatus().isOk();
    }
}
