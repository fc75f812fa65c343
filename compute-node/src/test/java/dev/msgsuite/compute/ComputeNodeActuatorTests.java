package dev.msgsuite.compute;

import dev.msgsuite.testsupport.ActuatorContract;
import dev.msgsuite.testsupport.RabbitTestBroker;
import java.util.Set;
import org.springframework.context.annotation.Import;

@Import(RabbitTestBroker.class)
class ComputeNodeActuatorTests extends ActuatorContract {

    @Override
    protected Set<String> readinessDependencies() {
        return Set.of("rabbit");
    }
}
