package dev.msgsuite.bus.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.bus.BusServerApplication;
import dev.msgsuite.bus.websocket.TestClient;
import dev.msgsuite.testsupport.LocalRabbitVirtualHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Two bus-server instances on one real RabbitMQ virtual host form one bus. */
class TwoInstanceClusterTests {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static LocalRabbitVirtualHost vhost;

    private static ConfigurableApplicationContext first;

    private static ConfigurableApplicationContext second;

    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() {
        vhost = LocalRabbitVirtualHost.create();
        first = start();
        second = start();
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(BusServerApplication.class).run("--server.port=0", "--management.server.port=0",
                "--skillbus.cluster.enabled=true", "--spring.rabbitmq.host=" + vhost.host(),
                "--spring.rabbitmq.port=" + vhost.port(), "--spring.rabbitmq.username=" + vhost.user(),
                "--spring.rabbitmq.password=" + vhost.password(), "--spring.rabbitmq.virtual-host=" + vhost.name());
    }

    @AfterAll
    static void stopInstances() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        if (vhost != null) {
            vhost.close();
        }
    }

    @AfterEach
    void closeClients() {
        this.clients.forEach(TestClient::close);
    }

    private TestClient v2On(ConfigurableApplicationContext instance) {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        TestClient client = TestClient.v2(port);
        this.clients.add(client);
        return client;
    }

    private static ClusterBindings bindings(ConfigurableApplicationContext instance) {
        return instance.getBean(ClusterBindings.class);
    }

    private static void register(TestClient client, String... patterns) {
        int before = client.texts.size();
        client.text("{\"op\": \"prefetch\", \"count\": 0}");
        for (String pattern : patterns) {
            client.text("{\"op\": \"register\", \"skill\": \"" + pattern + "\"}");
        }
        await().atMost(WAIT).until(() -> client.texts.size() == before + 1 + patterns.length);
    }

    @Test
    void packetsReachSubscribersOnBothInstancesExactlyOnce() {
        TestClient remote = v2On(second);
        TestClient local = v2On(first);
        register(remote, "cluster.temp.*", "cluster.done");
        register(local, "cluster.temp.*", "cluster.done");
        await().atMost(WAIT).until(() -> bindings(second).isBound("cluster.temp.*") && bindings(second).isBound("cluster.done")
                && bindings(first).isBound("cluster.done"));
        TestClient publisher = v2On(first);

        IntStream.range(0, 20).forEach(i -> publisher.publish("cluster.temp.kitchen", "p" + i));
        publisher.publish("cluster.done", "end");

        List<String> expected = new ArrayList<>(IntStream.range(0, 20).mapToObj(i -> "p" + i).toList());
        expected.add("end");
        await().atMost(WAIT).untilAsserted(() -> assertThat(remote.deliveries()).extracting(TestClient.V2Delivery::payload)
                .containsExactlyElementsOf(expected));
        await().atMost(WAIT).untilAsserted(() -> assertThat(local.deliveries()).extracting(TestClient.V2Delivery::payload)
                .containsExactlyElementsOf(expected));

        TestClient backPublisher = v2On(second);
        backPublisher.publish("cluster.done", "from-second");
        await().atMost(WAIT).untilAsserted(() -> assertThat(local.deliveries()).hasSize(22).last()
                .extracting(TestClient.V2Delivery::payload).isEqualTo("from-second"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(remote.deliveries()).hasSize(22));
    }

    @Test
    void deregisterAndDisconnectUnbindTheInstanceQueue() {
        TestClient remote = v2On(second);
        register(remote, "unbind.me", "unbind.marker");
        await().atMost(WAIT).until(() -> bindings(second).isBound("unbind.me") && bindings(second).isBound("unbind.marker"));

        remote.text("{\"op\": \"deregister\", \"skill\": \"unbind.me\"}");
        await().atMost(WAIT).until(() -> !bindings(second).isBound("unbind.me"));
        TestClient publisher = v2On(first);
        publisher.publish("unbind.me", "late").publish("unbind.marker", "marker");

        await().atMost(WAIT).untilAsserted(() -> assertThat(remote.deliveries()).extracting(TestClient.V2Delivery::payload)
                .containsExactly("marker"));

        remote.close();
        await().atMost(WAIT).until(() -> !bindings(second).isBound("unbind.marker"));
    }
}
