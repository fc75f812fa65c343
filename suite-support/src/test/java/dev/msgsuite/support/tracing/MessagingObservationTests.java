package dev.msgsuite.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.support.amqp.ConfirmedPublisher;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.util.ReflectionTestUtils;

/** Templates and containers a service builds with {@code new} are observed as much as Boot's own. */
class MessagingObservationTests {

    private static final CachingConnectionFactory NO_BROKER = new CachingConnectionFactory("127.0.0.1", 1);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SuiteTracingAutoConfiguration.class));

    @Test
    void handBuiltRabbitTemplatesFactoriesAndContainersAreObserved() {
        RabbitTemplate publisherTemplate = new RabbitTemplate(NO_BROKER);
        this.contextRunner.withBean("template", RabbitTemplate.class, () -> new RabbitTemplate(NO_BROKER))
                .withBean("factory", SimpleRabbitListenerContainerFactory.class, SimpleRabbitListenerContainerFactory::new)
                .withBean("container", SimpleMessageListenerContainer.class, () -> new SimpleMessageListenerContainer(NO_BROKER))
                .withBean("publisher", ConfirmedPublisher.class, () -> new ConfirmedPublisher(publisherTemplate, Duration.ofSeconds(1)))
                .run(context -> {
                    assertThat(ReflectionTestUtils.getField(context.getBean(RabbitTemplate.class), "observationEnabled")).isEqualTo(true);
                    assertThat(ReflectionTestUtils.getField(context.getBean(SimpleRabbitListenerContainerFactory.class),
                            "observationEnabled")).isEqualTo(true);
                    assertThat(ReflectionTestUtils.getField(context.getBean(SimpleMessageListenerContainer.class),
                            "observationEnabled")).isEqualTo(true);
                    // a publisher's own template is no bean: it is given the context to find the ObservationRegistry in
                    assertThat(ReflectionTestUtils.getField(publisherTemplate, "observationEnabled")).isEqualTo(true);
                    assertThat(ReflectionTestUtils.getField(publisherTemplate, "applicationContext")).isSameAs(context.getSourceApplicationContext());
                });
    }

    @Test
    void handBuiltKafkaTemplatesAndFactoriesAreObserved() {
        this.contextRunner.withBean("kafkaTemplate", KafkaTemplate.class,
                () -> new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.<String, Object>of())))
                .withBean("kafkaFactory", ConcurrentKafkaListenerContainerFactory.class, ConcurrentKafkaListenerContainerFactory::new)
                .run(context -> {
                    assertThat(ReflectionTestUtils.getField(context.getBean(KafkaTemplate.class), "observationEnabled")).isEqualTo(true);
                    assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getContainerProperties()
                            .isObservationEnabled()).isTrue();
                });
    }
}
