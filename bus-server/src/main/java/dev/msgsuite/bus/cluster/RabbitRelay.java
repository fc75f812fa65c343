package dev.msgsuite.bus.cluster;

import dev.msgsuite.bus.routing.Packet;
import dev.msgsuite.bus.routing.PacketRelay;
import dev.msgsuite.contracts.BusMessaging;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes packets of local clients to the packets exchange with the skill as routing key.
 * Local subscribers were already served directly, so a relay failure costs only the other
 * instances' deliveries; it is counted and logged, never thrown at the publishing client.
 */
final class RabbitRelay implements PacketRelay {

    private static final Logger log = LoggerFactory.getLogger(RabbitRelay.class);

    private final RabbitTemplate rabbit;

    private final ClusterNode node;

    private final Counter failures;

    RabbitRelay(RabbitTemplate rabbit, ClusterNode node, MeterRegistry meters) {
        this.rabbit = rabbit;
        this.node = node;
        this.failures = Counter.builder("skillbus.cluster.relay.failures")
                .description("Packets that could not be relayed to the other instances").register(meters);
    }

    @Override
    public void relay(Packet packet) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
        properties.setHeader(ClusterNode.ORIGIN_HEADER, this.node.id());
        try {
            this.rabbit.send(BusMessaging.PACKETS_EXCHANGE, packet.skill(), new Message(packet.bytes(), properties));
        }
        catch (AmqpException ex) {
            this.failures.increment();
            log.warn("Could not relay a packet for '{}' to the other instances: {}", packet.skill(), ex.getMessage());
        }
    }
}
