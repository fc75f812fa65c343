package dev.msgsuite.mailbin.pipeline;

import dev.msgsuite.contracts.FormSubmission;
import dev.msgsuite.contracts.MailbinTopics;
import dev.msgsuite.mailbin.intake.IntakeProperties;
import dev.msgsuite.mailbin.submission.SubmissionRules;
import dev.msgsuite.support.MigrationGatedListenerStarter;
import dev.msgsuite.support.RetryingFlywayMigration;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PipelineProperties.class)
class PipelineConfiguration {

    /** The intake's limits, applied again to every record, since other producers write the topic too. */
    @Bean
    SubmissionRules submissionRules(IntakeProperties intake, PipelineProperties pipeline) {
        return new SubmissionRules(intake.maxFields(), intake.maxFieldNameLength(), intake.maxFieldValueLength(),
                pipeline.maxClockSkew(), Clock.systemUTC());
    }

    /**
     * Submissions wait in their topic until the schema is migrated. The registry is a parameter,
     * not looked up later, so that it is started before this starter is.
     */
    @Bean
    MigrationGatedListenerStarter storeListenerStarter(ObjectProvider<RetryingFlywayMigration> migration,
            KafkaListenerEndpointRegistry listeners) {
        return new MigrationGatedListenerStarter("submissions into the database", migration,
                () -> listeners.getListenerContainer(SubmissionStoreListener.LISTENER_ID),
                KafkaListenerEndpointRegistry.DEFAULT_PHASE + 1);
    }

    @Bean
    NewTopic submissionsTopic(PipelineProperties properties) {
        return TopicBuilder.name(MailbinTopics.SUBMISSIONS).partitions(properties.partitions()).replicas(properties.replicas())
                .config("retention.ms", Long.toString(properties.retention().toMillis()))
                .config("min.insync.replicas", Integer.toString(properties.minInSyncReplicas())).build();
    }

    /** As many partitions as the source: a dead letter keeps its original partition number. */
    @Bean
    NewTopic submissionsDeadLetterTopic(PipelineProperties properties) {
        return TopicBuilder.name(MailbinTopics.SUBMISSIONS_DEAD_LETTERS).partitions(properties.partitions())
                .replicas(properties.replicas()).config("retention.ms", Long.toString(properties.deadLetterRetention().toMillis()))
                .config("min.insync.replicas", Integer.toString(properties.minInSyncReplicas())).build();
    }

    /**
     * Records that cannot be parsed or are not valid submissions go to the DLT at once; other
     * failures are retried with a bounded back-off, then dead-lettered. While the database is
     * unreachable the record is retried without end instead: an acknowledged submission must
     * wait for the database, not land beside it.
     */
    @Bean
    DefaultErrorHandler storeErrorHandler(KafkaTemplate<String, FormSubmission> jsonTemplate, KafkaProperties kafkaProperties,
            PipelineProperties properties) {
        // an unparseable record is republished as the raw bytes it arrived with
        KafkaTemplate<String, byte[]> rawTemplate = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                kafkaProperties.buildProducerProperties(), new StringSerializer(), new ByteArraySerializer()));
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, rawTemplate);
        templates.put(FormSubmission.class, jsonTemplate);
        // the shared contract names the DLT (spring-kafka's own default suffix is "-dlt")
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates,
                (record, ex) -> new TopicPartition(MailbinTopics.SUBMISSIONS_DEAD_LETTERS, record.partition()));
        return storeErrorHandler(recoverer, properties);
    }

    static DefaultErrorHandler storeErrorHandler(ConsumerRecordRecoverer deadLetters, PipelineProperties properties) {
        ExponentialBackOff bounded = backOff(properties);
        bounded.setMaxAttempts(properties.retryMaxAttempts());
        ExponentialBackOff whileDatabaseIsDown = backOff(properties);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, bounded);
        // bad data: a constraint the record breaks, or no submission at all
        handler.addNotRetryableExceptions(InvalidSubmissionException.class, NonTransientDataAccessException.class);
        // ...but a lost or refused connection is a NonTransientDataAccessException too, and it passes
        handler.addRetryableExceptions(DataAccessResourceFailureException.class);
        handler.setBackOffFunction((record, ex) -> databaseUnreachable(ex) ? whileDatabaseIsDown : null);
        return handler;
    }

    private static ExponentialBackOff backOff(PipelineProperties properties) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        return backOff;
    }

    private static boolean databaseUnreachable(Exception ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException) {
                return true;
            }
        }
        return false;
    }

    /** Kafka makes the deserializer from its class name, so its limit travels as a consumer property. */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer maxRecordSize(PipelineProperties properties) {
        return (factory) -> factory.updateConfigs(
                Map.of(BoundedSubmissionDeserializer.MAX_RECORD_SIZE, properties.maxRecordSize().toBytes() + "B"));
    }

    /** Boot's listener settings (the error handler above included) with {@code mailbin.pipeline.concurrency}. */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> storeContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            PipelineProperties properties) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        factory.setConcurrency(properties.concurrency());
        return factory;
    }

}
