package dev.msgsuite.saver.results;

import dev.msgsuite.support.MigrationGatedListenerStarter;
import dev.msgsuite.support.RetryingFlywayMigration;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ResultsConfiguration {

    /**
     * Results wait safely in their durable queue until the schema is migrated. The registry is
     * a parameter, not looked up later, so that it is started before this starter is.
     */
    @Bean
    MigrationGatedListenerStarter resultIntake(ObjectProvider<RetryingFlywayMigration> migration,
            RabbitListenerEndpointRegistry listeners) {
        return new MigrationGatedListenerStarter("results", migration,
                () -> listeners.getListenerContainer(ResultListener.LISTENER_ID),
                RabbitListenerEndpointRegistry.DEFAULT_PHASE + 1);
    }
}
