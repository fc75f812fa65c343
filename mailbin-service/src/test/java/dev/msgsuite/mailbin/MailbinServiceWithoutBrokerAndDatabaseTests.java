package dev.msgsuite.mailbin;

import dev.msgsuite.testsupport.UnreachableDependenciesContract;
import java.util.Set;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=localhost:" + UnreachableDependenciesContract.CLOSED_PORT,
        "spring.kafka.admin.operation-timeout=2s",
        "spring.datasource.url=jdbc:postgresql://localhost:" + UnreachableDependenciesContract.CLOSED_PORT + "/mailbin" })
class MailbinServiceWithoutBrokerAndDatabaseTests extends UnreachableDependenciesContract {

    @Override
    protected Set<String> unreachableDependencies() {
        return Set.of("kafka", "db", "databaseMigration");
    }
}
