package dev.msgsuite.mailbin.pipeline;

import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import dev.msgsuite.support.RetryingFlywayMigration;
import dev.msgsuite.support.RetryingFlywayMigration.DatabaseMigratedEvent;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

class StoreListenerStarterTests {

    private final RetryingFlywayMigration migration = mock(RetryingFlywayMigration.class);

    private final KafkaListenerEndpointRegistry registry = mock(KafkaListenerEndpointRegistry.class);

    private final MessageListenerContainer container = mock(MessageListenerContainer.class);

    private final StoreListenerStarter starter = new StoreListenerStarter(this.migration, this.registry);

    @Test
    void consumingWaitsForTheSchema() {
        given(this.registry.getListenerContainer(SubmissionStoreListener.LISTENER_ID)).willReturn(this.container);
        given(this.migration.isMigrated()).willReturn(false);

        this.starter.start();
        then(this.container).should(never()).start();

        this.starter.onMigrated(new DatabaseMigratedEvent("1"));
        then(this.container).should().start();
    }

    @Test
    void consumingStartsAtOnceWhenTheSchemaIsAlreadyMigrated() {
        given(this.registry.getListenerContainer(SubmissionStoreListener.LISTENER_ID)).willReturn(this.container);
        given(this.migration.isMigrated()).willReturn(true);

        this.starter.start();

        then(this.container).should().start();
    }
}
