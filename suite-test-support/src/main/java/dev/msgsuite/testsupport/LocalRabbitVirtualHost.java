package dev.msgsuite.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * A virtual host of its own on the local RabbitMQ, created through the management API and
 * deleted on close, so test contexts (and modules tested in parallel) never share queues.
 * Two application instances that must form one cluster in a test share one of these.
 */
public final class LocalRabbitVirtualHost implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();

    private final String host;

    private final int port;

    private final String user;

    private final String password;

    private final String managementUrl;

    private final String name;

    private LocalRabbitVirtualHost(String host, int port, String user, String password, String managementUrl, String name) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.managementUrl = managementUrl;
        this.name = name;
    }

    /** Creates a fresh virtual host on the local RabbitMQ, failing with a clear message if there is none. */
    public static LocalRabbitVirtualHost create() {
        String host = TestServices.setting("SUITE_TEST_RABBITMQ_HOST", "localhost");
        int port = Integer.parseInt(TestServices.setting("SUITE_TEST_RABBITMQ_PORT", "5672"));
        TestServices.requireListening("RabbitMQ", host, port,
                "install and start one: apt-get install rabbitmq-server && rabbitmq-server -detached");
        String managementUrl = TestServices.setting("SUITE_TEST_RABBITMQ_MANAGEMENT_URL", "http://" + host + ":15672");
        LocalRabbitVirtualHost vhost = new LocalRabbitVirtualHost(host, port,
                TestServices.setting("SUITE_TEST_RABBITMQ_USER", "guest"),
                TestServices.setting("SUITE_TEST_RABBITMQ_PASSWORD", "guest"), managementUrl,
                "test-" + UUID.randomUUID().toString().substring(0, 13));
        vhost.call("PUT", "/api/vhosts/" + vhost.encodedName(), "{}");
        vhost.call("PUT", "/api/permissions/" + vhost.encodedName() + "/" + vhost.user,
                "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        return vhost;
    }

    public String host() {
        return this.host;
    }

    public int port() {
        return this.port;
    }

    public String user() {
        return this.user;
    }

    public String password() {
        return this.password;
    }

    public String name() {
        return this.name;
    }

    @Override
    public void close() {
        call("DELETE", "/api/vhosts/" + encodedName(), null);
    }

    private String encodedName() {
        return URLEncoder.encode(this.name, StandardCharsets.UTF_8);
    }

    private void call(String method, String path, String body) {
        String credentials = Base64.getEncoder()
                .encodeToString((this.user + ":" + this.password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.managementUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
                throw new IllegalStateException("RabbitMQ management API answered " + response.statusCode() + " to "
                        + method + " " + path + ": " + response.body());
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("RabbitMQ management API unreachable at " + this.managementUrl
                    + " (enable it: rabbitmq-plugins enable rabbitmq_management): " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling the RabbitMQ management API", ex);
        }
    }
}
