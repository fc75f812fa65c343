package dev.msgsuite.bus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.skillbus.client.SkillBusClient;
import dev.msgsuite.support.skillbus.SkillBusEvents;
import dev.msgsuite.support.skillbus.SkillBusProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The events every service publishes through suite-support, delivered by a real bus-server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class SkillBusEventsDeliveryTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:15:30Z"), ZoneOffset.UTC);

    @LocalServerPort
    int port;

    private URI bus() {
        return URI.create("ws://localhost:" + this.port + "/ws");
    }

    @Test
    void eventsPublishedBeforeTheBusIsReachedArriveInOrderWithSourceAndTime() {
        SkillBusClientTests.Recorder recorder = new SkillBusClientTests.Recorder();
        SkillBusEvents events = new SkillBusEvents(new SkillBusProperties(bus(), null, 100), "saver-service", CLOCK);
        try (SkillBusClient watcher = SkillBusClient.builder(bus()).prefetch(0).listener(recorder).build()) {
            watcher.connect().join();
            watcher.register("events.job.*").join();
            events.publish("events.job.progress", Map.of("jobId", "j1", "done", 10));
            events.publish("events.job.completed", Map.of("jobId", "j1", "done", 20));

            events.start();

            await().atMost(WAIT).untilAsserted(() -> assertThat(recorder.deliveries).hasSize(2));
            assertThat(recorder.deliveries).extracting(delivery -> delivery.skill())
                    .containsExactly("events.job.progress", "events.job.completed");
            var first = recorder.deliveries.getFirst().packet();
            assertThat(first.get("source").asString()).isEqualTo("saver-service");
            assertThat(first.get("time").asString()).isEqualTo("2026-11-22T10:15:30Z");
            assertThat(first.get("payload").get("done").asInt()).isEqualTo(10);
            assertThat(events.published()).isEqualTo(2);
            assertThat(events.dropped()).isZero();
            assertThat(events.health().getStatus()).isEqualTo(Status.UP);
        }
        finally {
            events.stop();
        }
    }
}
