package dev.msgsuite.bus;

import dev.msgsuite.testsupport.UnreachableDependenciesContract;
import java.util.Set;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = { "skillbus.cluster.enabled=true", "spring.rabbitmq.host=127.0.0.1",
        "spring.rabbitmq.port=" + UnreachableDependenciesContract.CLOSED_PORT })
class ClusterModeUnreachableRabbitTests extends UnreachableDependenciesContract {

    @Override
    protected Set<String> unreachableDependencies() {
        return Set.of("rabbit");
    }
}
