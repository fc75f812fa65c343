package dev.msgsuite.support.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

class ConfirmedPublisherTests {

    private final ScheduledExecutorService broker = Executors.newSingleThreadScheduledExecutor();

    private final AtomicInteger unconfirmed = new AtomicInteger();

    private final AtomicInteger mostUnconfirmed = new AtomicInteger();

    private final List<String> sent = new ArrayList<>();

    @AfterEach
    void stopBroker() {
        this.broker.shutdownNow();
    }

    @Test
    void sendsEveryMessageInOrderWithNoMoreThanTheWindowAwaitingConfirms() {
        ConfirmedPublisher publisher = new ConfirmedPublisher(brokerConfirmingAfter(true, 2), Duration.ofSeconds(5));
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            messages.add(new Message(("m" + i).getBytes(), new MessageProperties()));
        }

        publisher.sendAll("", "q", messages, 3);

        assertThat(this.sent).hasSize(40).startsWith("m0", "m1", "m2").endsWith("m39");
        assertThat(this.mostUnconfirmed).hasValueBetween(1, 3);
        assertThat(this.unconfirmed).hasValue(0);
    }

    @Test
    void aMessageTheBrokerRefusesFailsTheWholeSend() {
        ConfirmedPublisher publisher = new ConfirmedPublisher(brokerConfirmingAfter(false, 1), Duration.ofSeconds(5));

        assertThatThrownBy(() -> publisher.sendAll("", "q", List.of(new Message("m".getBytes(), new MessageProperties())), 10))
                .isInstanceOf(ConfirmedPublisher.NotConfirmedException.class).hasMessageContaining("refused");
    }

    /** A template whose broker confirms (or refuses) each message a few milliseconds after it is sent. */
    private RabbitTemplate brokerConfirmingAfter(boolean ack, long millis) {
        return new RabbitTemplate() {
            @Override
            public void send(String exchange, String routingKey, Message message, CorrelationData correlationData) {
                ConfirmedPublisherTests.this.sent.add(new String(message.getBody()));
                int now = ConfirmedPublisherTests.this.unconfirmed.incrementAndGet();
                ConfirmedPublisherTests.this.mostUnconfirmed.accumulateAndGet(now, Math::max);
                ConfirmedPublisherTests.this.broker.schedule(() -> {
                    ConfirmedPublisherTests.this.unconfirmed.decrementAndGet();
                    correlationData.getFuture().complete(new CorrelationData.Confirm(ack, ack ? null : "queue full"));
                }, millis, TimeUnit.MILLISECONDS);
            }
        };
    }
}
