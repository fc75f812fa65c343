package dev.msgsuite.systemtests.compute;

import dev.msgsuite.compute.ComputeNodeApplication;
import dev.msgsuite.saver.SaverServiceApplication;
import dev.msgsuite.testsupport.LocalRabbitVirtualHost;
import dev.msgsuite.testsupport.TestCredentials;
import dev.msgsuite.testsupport.tracing.RecordedSpans;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * saver-service and compute nodes as separate application contexts in the test JVM, on one
 * virtual host of the local RabbitMQ and one database of the local PostgreSQL that outlive
 * them, so a test can stop and start either side and the broker's queues and the stored rows
 * stay. A test class registers one per test ({@code @RegisterExtension final PipelineHarness
 * harness = new PipelineHarness();}), which closes it after the test, or closes it itself.
 */
final class PipelineHarness implements AutoCloseable, AfterEachCallback {

    // both services' jars hold an application.yml: each context names its own
    private static final String SAVER_CONFIG = "file:../../saver-service/src/main/resources/application.yml";

    private static final String NODE_CONFIG = "file:../../compute-node/src/main/resources/application.yml";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LocalRabbitVirtualHost vhost = LocalRabbitVirtualHost.create();

    private final String database = "pipeline_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    private final String postgresUrl = "jdbc:postgresql://" + setting("SUITE_TEST_POSTGRES_HOST", "localhost") + ":"
            + setting("SUITE_TEST_POSTGRES_PORT", "5432") + "/";

    private final String postgresUser = setting("SUITE_TEST_POSTGRES_USER", "suite");

    private final String postgresPassword = setting("SUITE_TEST_POSTGRES_PASSWORD", "suite");

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    private final CachingConnectionFactory testConnection;

    private final HttpClient management = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private boolean recordSpans;

    PipelineHarness() {
        execute("CREATE DATABASE " + this.database);
        this.testConnection = new CachingConnectionFactory(this.vhost.host(), this.vhost.port());
        this.testConnection.setUsername(this.vhost.user());
        this.testConnection.setPassword(this.vhost.password());
        this.testConnection.setVirtualHost(this.vhost.name());
    }

    /** The applications started from now on keep their finished spans in {@link RecordedSpans}. */
    PipelineHarness recordingSpans() {
        this.recordSpans = true;
        return this;
    }

    /** amqp URI of the virtual host, for clients outside Spring. */
    String amqpUri() {
        return "amqp://" + this.vhost.user() + ":" + this.vhost.password() + "@" + this.vhost.host() + ":" + this.vhost.port()
                + "/" + URLEncoder.encode(this.vhost.name(), StandardCharsets.UTF_8);
    }

    ConfigurableApplicationContext startSaver() {
        return startSaver(Map.of());
    }

    /** With overrides, e.g. {@code server.port} to restart a saver where its nodes expect it. */
    ConfigurableApplicationContext startSaver(Map<String, Object> overrides) {
        Map<String, Object> properties = rabbitProperties();
        properties.put("spring.config.location", SAVER_CONFIG);
        properties.put("spring.datasource.url", this.postgresUrl + this.database);
        properties.put("spring.datasource.username", this.postgresUser);
        properties.put("spring.datasource.password", this.postgresPassword);
        properties.put("saver.node-lost-after", "5s");
        properties.put("saver.command-timeout", "2s");
        properties.putAll(overrides);
        return start(new SpringApplicationBuilder(SaverServiceApplication.class), properties);
    }

    ConfigurableApplicationContext startNode(String nodeId, int saverPort) {
        return startNode(nodeId, saverPort, Map.of());
    }

    ConfigurableApplicationContext startNode(String nodeId, int saverPort, Map<String, Object> overrides) {
        Map<String, Object> properties = rabbitProperties();
        properties.put("spring.config.location", NODE_CONFIG);
        // the saver's libraries share this class path; a node has no database
        properties.put("spring.autoconfigure.exclude",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
        properties.put("compute.node.id", nodeId);
        properties.put("compute.node.saver-url", "http://localhost:" + saverPort);
        // the saver (and the node) run with TestCredentials: the viewer token reads elections
        properties.put("compute.node.saver-token", TestCredentials.Role.VIEWER.token());
        properties.put("compute.node.concurrency", "1");
        properties.put("compute.node.prefetch", "2");
        properties.put("compute.node.heartbeat-interval", "300ms");
        // a node waiting for an absent saver asks again within a second once it is back
        properties.put("compute.node.fetch-backoff.initial", "200ms");
        properties.put("compute.node.fetch-backoff.max", "1s");
        properties.putAll(overrides);
        return start(new SpringApplicationBuilder(ComputeNodeApplication.class), properties);
    }

    private ConfigurableApplicationContext start(SpringApplicationBuilder builder, Map<String, Object> properties) {
        // as arguments, so they override the application's own application.yml
        String[] arguments = properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        if (this.recordSpans) {
            builder.initializers(RecordedSpans.initializer());
        }
        ConfigurableApplicationContext context = builder.run(arguments);
        this.contexts.add(context);
        return context;
    }

    private Map<String, Object> rabbitProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.rabbitmq.host", this.vhost.host());
        properties.put("spring.rabbitmq.port", this.vhost.port());
        properties.put("spring.rabbitmq.username", this.vhost.user());
        properties.put("spring.rabbitmq.password", this.vhost.password());
        properties.put("spring.rabbitmq.virtual-host", this.vhost.name());
        properties.put("server.port", "0");
        // several nodes and savers run at once, each with its actuator on a port of its own
        properties.put("management.server.port", "0");
        properties.put("spring.main.banner-mode", "off");
        return properties;
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** A client of the saver's API as an operator (a script with its API token). */
    static RestClient http(ConfigurableApplicationContext saver) {
        return RestClient.builder().baseUrl("http://localhost:" + port(saver))
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestCredentials.Role.OPERATOR.bearer())
                .defaultStatusHandler(status -> true, (request, response) -> {
                })
                .build();
    }

    /** Ready messages in a queue, exact (a passive declare, not the management statistics). */
    long readyMessages(String queue) {
        var info = new RabbitAdmin(this.testConnection).getQueueInfo(queue);
        return info == null ? 0 : info.getMessageCount();
    }

    RabbitTemplate rabbit() {
        return new RabbitTemplate(this.testConnection);
    }

    JdbcClient database() {
        return JdbcClient.create(new DriverManagerDataSource(this.postgresUrl + this.database, this.postgresUser,
                this.postgresPassword));
    }

    /**
     * The client connections to this virtual host, once the management API lists at least
     * {@code expected} of them (its list lags behind new connections by the statistics interval).
     */
    List<String> awaitListedConnections(int expected) {
        String vhostPath = URLEncoder.encode(this.vhost.name(), StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            names.clear();
            for (JsonNode connection : JSON.readTree(managementCall("GET", "/api/vhosts/" + vhostPath + "/connections"))) {
                names.add(connection.get("name").asString());
            }
            org.assertj.core.api.Assertions.assertThat(names).hasSizeGreaterThanOrEqualTo(expected);
        });
        return List.copyOf(names);
    }

    /** Closes these client connections from the broker's side, as a broker restart or network cut would. */
    void closeConnections(List<String> names) {
        for (String name : names) {
            try {
                managementCall("DELETE", "/api/connections/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
            }
            catch (IOException | InterruptedException ex) {
                throw new IllegalStateException("Could not close connection " + name, ex);
            }
        }
    }

    private String managementCall(String method, String path) throws IOException, InterruptedException {
        String managementUrl = setting("SUITE_TEST_RABBITMQ_MANAGEMENT_URL", "http://" + this.vhost.host() + ":15672");
        String credentials = Base64.getEncoder().encodeToString(
                (this.vhost.user() + ":" + this.vhost.password()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + credentials).header("X-Reason", "pipeline test")
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = this.management.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        for (ConfigurableApplicationContext context : this.contexts.reversed()) {
            context.close();
        }
        this.testConnection.destroy();
        this.vhost.close();
        // FORCE cannot terminate an autovacuum worker busy on the fresh rows (not our role), a
        // plain DROP asks it to stop; every connection of ours is closed by now
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try {
                execute("DROP DATABASE IF EXISTS " + this.database + " WITH (FORCE)");
            }
            catch (IllegalStateException ex) {
                execute("DROP DATABASE IF EXISTS " + this.database);
            }
            return true;
        });
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(this.postgresUrl + "postgres", this.postgresUser,
                this.postgresPassword); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Local PostgreSQL refused '" + sql + "': " + ex.getMessage(), ex);
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }
}
