package dev.msgsuite.saver;

import dev.msgsuite.testsupport.ActuatorContract;
import dev.msgsuite.testsupport.PostgresTestDatabase;
import dev.msgsuite.testsupport.RabbitTestBroker;
import java.util.Set;
import org.springframework.context.annotation.Import;

@Import({ RabbitTestBroker.class, PostgresTestDatabase.class })
class SaverServiceActuatorTests extends ActuatorContract {

    @Override
    protected Set<String> readinessDependencies() {
        return Set.of("rabbit", "db", "databaseMigration");
    }
}
