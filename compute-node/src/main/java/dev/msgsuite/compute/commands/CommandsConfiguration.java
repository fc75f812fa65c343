package dev.msgsuite.compute.commands;

import dev.msgsuite.compute.NodeState;
import dev.msgsuite.compute.jobs.CancelledJobs;
import dev.msgsuite.compute.jobs.Drain;
import dev.msgsuite.compute.jobs.ElectionCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CommandsConfiguration {

    @Bean
    CommandHandler commandHandler(NodeState state, ElectionCatalog electionCatalog, Drain drain, CancelledJobs cancelledJobs) {
        return new CommandHandler(state, electionCatalog, drain::start, cancelledJobs::cancel);
    }
}
