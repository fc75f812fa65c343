package dev.msgsuite.saver.messaging;

import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.HEARTBEAT_ROUTING_KEY;
import static dev.msgsuite.contracts.ComputeMessaging.REPLIES_EXCHANGE;

import dev.msgsuite.contracts.ComputeTopology;
import dev.msgsuite.saver.SaverProperties;
import dev.msgsuite.support.amqp.ConfirmedPublisher;
import dev.msgsuite.support.amqp.DeadLetterPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Base64UrlNamingStrategy;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateConfigurer;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The coordinator's RabbitMQ side: the shared {@link ComputeTopology} (compute-node declares the
 * same, so whichever starts first creates it), this instance's replies queue, publishing with
 * confirms, dead letters and the results listener's batches.
 */
@Configuration(proxyBeanMethods = false)
public class SaverMessaging {

    /**
     * Only for publishing records. Listeners get raw bytes and parse them to the type they
     * expect, so a message with a wrong or hostile type header is dead-lettered with the
     * reason instead of failing conversion inside the container (which would requeue it forever).
     */
    private static final JacksonJsonMessageConverter JSON = new JacksonJsonMessageConverter();

    @Bean
    Declarables computeDeclarables() {
        return ComputeTopology.shared();
    }

    /** Routing key of this saver instance's replies, like the original's response channel. */
    @Bean
    ReplyAddress replyAddress() {
        return new ReplyAddress("saver." + UUID.randomUUID());
    }

    /** This instance's queue for command replies and heartbeats; it disappears with the instance. */
    @Bean
    Queue repliesQueue() {
        return new AnonymousQueue(new Base64UrlNamingStrategy("saver.replies."));
    }

    @Bean
    Declarables repliesBindings(Queue repliesQueue, ReplyAddress replyAddress) {
        DirectExchange replies = new DirectExchange(REPLIES_EXCHANGE, true, false);
        return new Declarables(BindingBuilder.bind(repliesQueue).to(replies).with(replyAddress.routingKey()),
                BindingBuilder.bind(repliesQueue).to(replies).with(HEARTBEAT_ROUTING_KEY));
    }

    /** Jobs and dead letters: mandatory, so an unroutable message counts as not delivered. */
    @Bean
    RabbitTemplate rabbitTemplate(RabbitTemplateConfigurer configurer, ConnectionFactory connectionFactory) {
        RabbitTemplate template = new RabbitTemplate();
        configurer.configure(template, connectionFactory);
        template.setMessageConverter(JSON);
        template.setMandatory(true);
        return template;
    }

    @Bean
    ConfirmedPublisher confirmedPublisher(RabbitTemplate rabbitTemplate) {
        return new ConfirmedPublisher(rabbitTemplate, Duration.ofSeconds(10));
    }

    @Bean
    DeadLetterPublisher deadLetters(ConfirmedPublisher confirmedPublisher) {
        return new DeadLetterPublisher(confirmedPublisher, DEAD_LETTER_EXCHANGE, Map.of(), Clock.systemUTC());
    }

    /**
     * Results arrive in batches written in one transaction; the container acknowledges a
     * batch only after the listener returned, so a crash between write and ack only
     * redelivers rows the database already has. Prefetch is counted in messages, so it is
     * derived from a byte budget: at most {@code saver.limits.result-intake-bytes} of messages
     * of up to {@code saver.limits.max-result-message} each are delivered and unacknowledged.
     */
    @Bean
    SimpleRabbitListenerContainerFactory resultsContainerFactory(SimpleRabbitListenerContainerFactoryConfigurer configurer,
            ConnectionFactory connectionFactory, SaverProperties properties) {
        int prefetch = Math.max(1, Math.min(properties.resultBatchSize() * 2, properties.limits().resultPrefetch()));
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        factory.setAcknowledgeMode(AcknowledgeMode.AUTO);
        factory.setBatchListener(true);
        factory.setConsumerBatchEnabled(true);
        // half the prefetch, so the next batch is arriving while one is written
        factory.setBatchSize(Math.max(1, Math.min(properties.resultBatchSize(), prefetch / 2)));
        factory.setPrefetchCount(prefetch);
        factory.setReceiveTimeout(properties.resultBatchWait().toMillis());
        factory.setDefaultRequeueRejected(true);
        return factory;
    }

    /** Where this instance's replies come back. */
    public record ReplyAddress(String routingKey) {
    }
}
