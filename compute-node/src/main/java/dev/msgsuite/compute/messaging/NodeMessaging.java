package dev.msgsuite.compute.messaging;

import static dev.msgsuite.contracts.ComputeMessaging.COMMANDS_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_NODE_HEADER;

import dev.msgsuite.compute.NodeProperties;
import dev.msgsuite.compute.NodeState;
import dev.msgsuite.contracts.ComputeTopology;
import dev.msgsuite.support.amqp.ConfirmedPublisher;
import dev.msgsuite.support.amqp.DeadLetterPublisher;
import java.time.Clock;
import java.util.Map;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Base64UrlNamingStrategy;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.FanoutExchange;
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
 * The node's RabbitMQ side: the shared {@link ComputeTopology} (saver-service declares the same,
 * so whichever starts first creates it), its own commands queue, publishing and the jobs
 * listener's acknowledgement.
 */
@Configuration(proxyBeanMethods = false)
class NodeMessaging {

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

    /** Each node's own queue on the commands fanout; it disappears with the node. */
    @Bean
    Queue commandsQueue() {
        return new AnonymousQueue(new Base64UrlNamingStrategy("compute.node.commands."));
    }

    @Bean
    Declarables commandsBinding(Queue commandsQueue) {
        return new Declarables(BindingBuilder.bind(commandsQueue).to(new FanoutExchange(COMMANDS_EXCHANGE, true, false)));
    }

    /** Replies and heartbeats: fire and forget, nobody may be listening. */
    @Bean
    RabbitTemplate rabbitTemplate(RabbitTemplateConfigurer configurer, ConnectionFactory connectionFactory) {
        RabbitTemplate template = new RabbitTemplate();
        configurer.configure(template, connectionFactory);
        template.setMessageConverter(JSON);
        return template;
    }

    /**
     * Results and dead letters go through a template of their own, mandatory so that an
     * unroutable message counts as not delivered. Not a bean: a second RabbitTemplate bean
     * would split the {@code rabbit} health indicator in two.
     */
    @Bean
    ConfirmedPublisher confirmedPublisher(RabbitTemplateConfigurer configurer, ConnectionFactory connectionFactory,
            NodeProperties properties) {
        RabbitTemplate template = new RabbitTemplate();
        configurer.configure(template, connectionFactory);
        template.setMessageConverter(JSON);
        template.setMandatory(true);
        return new ConfirmedPublisher(template, properties.confirmTimeout());
    }

    /** Dead letters name the node that gave up on them. */
    @Bean
    DeadLetterPublisher deadLetters(ConfirmedPublisher confirmedPublisher, NodeState state) {
        return new DeadLetterPublisher(confirmedPublisher, DEAD_LETTER_EXCHANGE, Map.of(DEAD_LETTER_NODE_HEADER, state.nodeId()),
                Clock.systemUTC());
    }

    /**
     * Manual acknowledgement: a job is acked only once its result is confirmed by the
     * broker, so a node that dies mid-job loses nothing.
     */
    @Bean
    SimpleRabbitListenerContainerFactory jobsContainerFactory(SimpleRabbitListenerContainerFactoryConfigurer configurer,
            ConnectionFactory connectionFactory, NodeProperties properties) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        factory.setPrefetchCount(properties.prefetch());
        factory.setConcurrentConsumers(properties.resolvedConcurrency());
        factory.setDefaultRequeueRejected(false);
        return factory;
    }
}
