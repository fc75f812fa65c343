package dev.msgsuite.compute.jobs;

import dev.msgsuite.compute.NodeProperties;
import dev.msgsuite.compute.NodeState;
import dev.msgsuite.contracts.compute.Election;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

    @Bean
    ElectionCatalog electionCatalog(NodeProperties properties) {
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        requestFactory.setReadTimeout(Duration.ofSeconds(5));
        RestClient saver = RestClient.builder().baseUrl(properties.saverUrl().toString()).requestFactory(requestFactory).build();
        Function<String, Election> fetcher = electionId -> {
            try {
                Election election = saver.get().uri("/api/elections/{id}", electionId).retrieve().body(Election.class);
                if (election == null) {
                    throw new IllegalStateException("saver-service sent an empty body for election " + electionId);
                }
                return election;
            }
            catch (HttpClientErrorException.NotFound ex) {
                throw new ElectionCatalog.ElectionUnavailableException(
                        "election '" + electionId + "' is unknown to saver-service at " + properties.saverUrl());
            }
        };
        return new ElectionCatalog(fetcher, properties.fetchAttempts());
    }

    @Bean
    JobProcessor jobProcessor(JsonMapper jsonMapper, ElectionCatalog electionCatalog, NodeState state) {
        return new JobProcessor(jsonMapper, electionCatalog, state.nodeId());
    }
}
