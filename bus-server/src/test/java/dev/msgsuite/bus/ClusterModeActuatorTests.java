package dev.msgsuite.bus;

import dev.msgsuite.testsupport.ActuatorContract;
import dev.msgsuite.testsupport.RabbitTestBroker;
import java.util.Set;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

@Import(RabbitTestBroker.class)
@TestPropertySource(properties = "skillbus.cluster.enabled=true")
class ClusterModeActuatorTests extends ActuatorContract {

    @Override
    protected Set<String> readinessDependencies() {
        return Set.of("rabbit");
    }
}
