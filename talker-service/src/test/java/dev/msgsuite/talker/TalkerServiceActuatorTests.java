package dev.msgsuite.talker;

import dev.msgsuite.testsupport.ActuatorContract;
import java.util.Set;

class TalkerServiceActuatorTests extends ActuatorContract {

    @Override
    protected Set<String> readinessDependencies() {
        return Set.of();
    }
}
