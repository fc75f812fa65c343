package dev.msgsuite.compute;

import dev.msgsuite.testsupport.UnreachableDependenciesContract;
import java.util.Set;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.rabbitmq.port=" + UnreachableDependenciesContract.CLOSED_PORT)
class ComputeNodeWithoutBrokerTests extends UnreachableDependenciesContract {

    @Override
    protected Set<String> unreachableDependencies() {
        return Set.of("rabbit");
    }
}
