package dev.msgsuite.bus;

import dev.msgsuite.testsupport.ActuatorContract;
import java.util.Set;

class BusServerActuatorTests extends ActuatorContract {

    @Override
    protected Set<String> readinessDependencies() {
        return Set.of();
    }
}
