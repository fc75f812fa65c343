package dev.msgsuite.mailbin;

import dev.msgsuite.support.skillbus.RecordingBusEvents;
import dev.msgsuite.testsupport.ActuatorContract;
import dev.msgsuite.testsupport.KafkaTestBroker;
import dev.msgsuite.testsupport.PostgresTestDatabase;
import java.util.Set;
import org.springframework.context.annotation.Import;

// the same configuration as MailbinContext, so both share one application context
@Import({ KafkaTestBroker.class, PostgresTestDatabase.class, RecordingBusEvents.class })
class MailbinServiceActuatorTests extends ActuatorContract {

    @Override
    protected Set<String> readinessDependencies() {
        return Set.of("kafka", "db", "databaseMigration");
    }
}
