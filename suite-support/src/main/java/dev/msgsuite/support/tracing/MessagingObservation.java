package dev.msgsuite.support.tracing;

import dev.msgsuite.support.amqp.ConfirmedPublisher;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.rabbit.config.BaseRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.ObservableListenerContainer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * Turns observation on for every messaging bean, whoever built it: Boot's
 * {@code spring.rabbitmq.*.observation-enabled} and {@code spring.kafka.*.observation-enabled}
 * (set in {@code suite-defaults.yml}) reach only what its configurers build, not the
 * containers and templates a service makes with {@code new}. A template sends the current trace
 * context in each message's headers ({@code traceparent}); a container continues it.
 */
final class MessagingObservation {

    private MessagingObservation() {
    }

    /** For RabbitMQ templates, listener container factories and hand-built containers. */
    static final class Rabbit implements BeanPostProcessor, ApplicationContextAware {

        private @Nullable ApplicationContext context;

        @Override
        public void setApplicationContext(ApplicationContext context) {
            this.context = context;
        }

        @Override
        public Object postProcessBeforeInitialization(Object bean, String beanName) {
            switch (bean) {
                case RabbitTemplate template -> template.setObservationEnabled(true);
                case BaseRabbitListenerContainerFactory<?> factory -> factory.setObservationEnabled(true);
                case ObservableListenerContainer container -> container.setObservationEnabled(true);
                // its template is no bean, so it would find no ObservationRegistry by itself
                case ConfirmedPublisher publisher when this.context != null -> publisher.observeWith(this.context);
                default -> {
                }
            }
            return bean;
        }
    }

    /** For Kafka templates, listener container factories and hand-built containers. */
    static final class Kafka implements BeanPostProcessor {

        @Override
        public Object postProcessBeforeInitialization(Object bean, String beanName) {
            switch (bean) {
                case KafkaTemplate<?, ?> template -> template.setObservationEnabled(true);
                case AbstractKafkaListenerContainerFactory<?, ?, ?> factory ->
                    factory.getContainerProperties().setObservationEnabled(true);
                case AbstractMessageListenerContainer<?, ?> container -> container.getContainerProperties().setObservationEnabled(true);
                default -> {
                }
            }
            return bean;
        }
    }
}
