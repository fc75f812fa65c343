package dev.msgsuite.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real, empty PostgreSQL database for a test context: a container when Docker is there,
 * else a fresh database created on the local server and dropped when the context closes
 * ({@code SUITE_TEST_POSTGRES_HOST}/{@code _PORT}/{@code _USER}/{@code _PASSWORD}, default
 * {@code localhost:5432 suite/suite}, a role allowed to create databases).
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestDatabase {

    /** The image tag used when containers are available. */
    public static final String IMAGE = "postgres:17-alpine";

    @Bean
    @ServiceConnection
    @Conditional(OnDocker.class)
    PostgreSQLContainer postgresContainer() {
        return new PostgreSQLContainer(DockerImageName.parse(IMAGE));
    }

    @Bean(destroyMethod = "close")
    @Conditional(OnDocker.Not.class)
    LocalPostgresDatabase localPostgresDatabase() {
        return LocalPostgresDatabase.create();
    }

    @Bean
    @Conditional(OnDocker.Not.class)
    DynamicPropertyRegistrar localPostgresProperties(LocalPostgresDatabase database) {
        return registry -> {
            registry.add("spring.datasource.url", database::jdbcUrl);
            registry.add("spring.datasource.username", database::user);
            registry.add("spring.datasource.password", database::password);
        };
    }
}
