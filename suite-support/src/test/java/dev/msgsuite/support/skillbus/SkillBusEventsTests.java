package dev.msgsuite.support.skillbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.msgsuite.support.SuiteSupportAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SkillBusEventsTests {

    private static final URI NOBODY = URI.create("ws://127.0.0.1:1/ws");

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SuiteSupportAutoConfiguration.class));

    @Test
    void withoutABusUrlEventsGoNowhere() {
        this.contextRunner.run(context -> {
            assertThat(context).hasSingleBean(BusEvents.class).doesNotHaveBean(SkillBusEvents.class);
            assertThat(context.getBean(BusEvents.class)).isSameAs(BusEvents.DISABLED);
        });
    }

    @Test
    void withABusUrlEventsGoToTheBusWithHealthAndMetrics() {
        this.contextRunner.withPropertyValues("suite.skillbus.url=" + NOBODY, "spring.application.name=saver-service")
                .withBean(SimpleMeterRegistry.class).run(context -> {
                    assertThat(context).hasSingleBean(BusEvents.class).hasSingleBean(SkillBusEvents.class)
                            .hasBean("skillbusEvents");
                    SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
                    context.getBeansOfType(MeterBinder.class).values().forEach(binder -> binder.bindTo(registry));
                    context.getBean(BusEvents.class).publish("compute.job.completed", Map.of("jobId", "j1"));
                    assertThat(registry.get("suite.skillbus.events.buffered").gauge().value()).isEqualTo(1.0);
                    assertThat(registry.get("suite.skillbus.events.dropped").functionCounter().count()).isZero();
                });
    }

    @Test
    void aServiceMayProvideItsOwnEvents() {
        BusEvents own = (skill, payload) -> {
        };
        this.contextRunner.withBean(BusEvents.class, () -> own)
                .run(context -> assertThat(context.getBean(BusEvents.class)).isSameAs(own));
    }

    @Test
    void aFullBufferDropsTheOldestAndCountsThem() {
        SkillBusEvents events = new SkillBusEvents(new SkillBusProperties(NOBODY, null, 2), "test", Clock.systemUTC());

        for (int i = 0; i < 5; i++) {
            events.publish("test.event", Map.of("n", i));
        }

        assertThat(events.buffered()).isEqualTo(2);
        assertThat(events.dropped()).isEqualTo(3);
        assertThat(events.published()).isZero();
    }

    @Test
    void healthSaysUnknownWithTheReasonWhileTheBusIsUnreachable() {
        SkillBusEvents events = new SkillBusEvents(new SkillBusProperties(NOBODY, null, 10), "test", Clock.systemUTC());
        events.publish("test.event", "hello");

        assertThat(events.health().getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(events.health().getDetails()).containsEntry("reason", "not connected")
                .containsEntry("url", NOBODY.toString()).containsEntry("buffered", 1);
    }

    @Test
    void stoppingCountsWhatWasNeverPublished() {
        SkillBusEvents events = new SkillBusEvents(new SkillBusProperties(NOBODY, null, 10), "test", Clock.systemUTC());
        events.start();
        events.publish("test.event", "one");
        events.publish("test.event", "two");

        events.stop();

        assertThat(events.isRunning()).isFalse();
        assertThat(events.buffered()).isZero();
        assertThat(events.dropped()).isEqualTo(2);
    }

    @Test
    void aBufferOfNothingIsAClearError() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SkillBusProperties(NOBODY, null, 0))
                .withMessageContaining("suite.skillbus.buffer-capacity");
    }

    @Test
    void anInvalidSkillIsRefusedAtOnceWithTheRule() {
        SkillBusEvents events = new SkillBusEvents(new SkillBusProperties(NOBODY, null, 10), "test", Clock.systemUTC());

        assertThatIllegalArgumentException().isThrownBy(() -> events.publish("compute.*.done", "x"))
                .withMessage("invalid skill 'compute.*.done': a published skill must not contain wildcards");
        assertThatIllegalArgumentException().isThrownBy(() -> events.publish("a..b", "x"))
                .withMessageContaining("empty segments");
        assertThat(events.buffered()).isZero();
    }
}
