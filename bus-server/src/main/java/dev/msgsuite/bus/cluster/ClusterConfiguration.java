package dev.msgsuite.bus.cluster;

import dev.msgsuite.bus.settings.BusProperties;
import dev.msgsuite.bus.metrics.BusMetrics;
import dev.msgsuite.bus.routing.Packet;
import dev.msgsuite.bus.routing.SkillPattern;
import dev.msgsuite.bus.routing.SkillBus;
import dev.msgsuite.contracts.BusMessaging;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Scale-out: every instance relays its clients' packets to one topic exchange (routing key =
 * skill) and consumes from its own queue, bound to the patterns its clients registered. An
 * instance skips packets it relayed itself, having served its local subscribers directly, so
 * each subscriber gets each packet exactly once.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("skillbus.cluster.enabled")
class ClusterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfiguration.class);

    /** Relayed packets one instance may hold unacknowledged; the listener only enqueues, so this stays small. */
    private static final int PREFETCH = 250;

    @Bean
    ClusterNode clusterNode() {
        return ClusterNode.random();
    }

    @Bean
    Queue instanceQueue(ClusterNode node) {
        return QueueBuilder.nonDurable(node.queueName()).exclusive().autoDelete()
                .deadLetterExchange(ClusterNode.DEAD_LETTERS).build();
    }

    @Bean
    Declarables clusterTopology() {
        FanoutExchange deadLetters = new FanoutExchange(ClusterNode.DEAD_LETTERS);
        Queue deadLetterQueue = QueueBuilder.durable(ClusterNode.DEAD_LETTERS).build();
        return new Declarables(new TopicExchange(BusMessaging.PACKETS_EXCHANGE), deadLetters,
                deadLetterQueue, BindingBuilder.bind(deadLetterQueue).to(deadLetters));
    }

    @Bean
    ClusterBindings clusterBindings(AmqpAdmin admin, Queue instanceQueue, SkillBus bus,
            CachingConnectionFactory connectionFactory) {
        ClusterBindings bindings = new ClusterBindings(admin, instanceQueue, bus.registry());
        bus.registry().addListener(bindings);
        connectionFactory.addConnectionListener(bindings);
        return bindings;
    }

    @Bean
    RabbitRelay rabbitRelay(RabbitTemplate rabbit, ClusterNode node, MeterRegistry meters, SkillBus bus) {
        RabbitRelay relay = new RabbitRelay(rabbit, node, meters);
        bus.relayTo(relay);
        return relay;
    }

    @Bean
    SimpleMessageListenerContainer clusterListener(CachingConnectionFactory connectionFactory, Queue instanceQueue,
            ClusterNode node, SkillBus bus, ClusterBindings bindings, BusProperties properties, BusMetrics metrics) {
        long maxFrameBytes = properties.limits().maxFrameSize().toBytes();
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(instanceQueue.getName());
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setPrefetchCount(PREFETCH);
        // a packet that cannot be handled goes to the dead letters, never round and round
        container.setDefaultRequeueRejected(false);
        container.setMessageListener(message -> {
            if (node.id().equals(message.getMessageProperties().getHeader(ClusterNode.ORIGIN_HEADER))) {
                return;
            }
            String skill = message.getMessageProperties().getReceivedRoutingKey();
            // only instances publish here, but the broker is another trust boundary: hold relayed packets to the client rules
            if (skill == null || SkillPattern.problemWithSkill(skill).isPresent() || message.getBody().length > maxFrameBytes) {
                metrics.rejected("cluster", "bad-packet");
                throw new AmqpRejectAndDontRequeueException("relayed packet refused: invalid skill or larger than the frame limit");
            }
            bus.deliver(new Packet(skill, message.getBody()));
        });
        log.info("Cluster mode: instance {} consumes {} bound to {}", node.id(), instanceQueue.getName(),
                BusMessaging.PACKETS_EXCHANGE);
        return container;
    }
}
