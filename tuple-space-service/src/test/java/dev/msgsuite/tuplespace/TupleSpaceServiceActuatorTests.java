package dev.msgsuite.tuplespace;

import dev.msgsuite.testsupport.ActuatorContract;
import dev.msgsuite.testsupport.PostgresTestDatabase;
import java.util.Set;
import org.springframework.context.annotation.Import;

// the same configuration as TupleSpaceContext, so both share one application context
@Import({ PostgresTestDatabase.class, SecondInstance.Configuration.class })
class TupleSpaceServiceActuatorTests extends ActuatorContract {

    @Override
    protected Set<String> readinessDependencies() {
        return Set.of("db", "databaseMigration", "spaceEvents");
    }
}
