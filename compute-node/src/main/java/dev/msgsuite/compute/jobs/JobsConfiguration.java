package dev.msgsuite.compute.jobs;

import dev.msgsuite.compute.NodeProperties;
import dev.msgsuite.compute.NodeState;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

    @Bean
    ElectionCatalog electionCatalog(NodeProperties properties) {
        return new ElectionCatalog(new SaverElections(properties.saverUrl(), properties.saverToken()), properties.fetchAttempts());
    }

    @Bean
    JobProcessor jobProcessor(JsonMapper jsonMapper, ElectionCatalog electionCatalog, NodeState state) {
        return new JobProcessor(jsonMapper, electionCatalog, state.nodeId());
    }
}
