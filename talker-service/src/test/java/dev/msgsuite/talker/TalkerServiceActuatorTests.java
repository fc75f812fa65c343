package dev.msgsuite.talker;

import dev.msgsuite.testsupport.ActuatorContract;
import java.util.Set;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "talker.port=0")
class TalkerServiceActuatorTests extends ActuatorContract {

    @Override
    protected Set<String> readinessDependencies() {
        return Set.of();
    }
}
