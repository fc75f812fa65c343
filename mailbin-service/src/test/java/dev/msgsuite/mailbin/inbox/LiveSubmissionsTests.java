package dev.msgsuite.mailbin.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.mailbin.MailbinContext;
import dev.msgsuite.testsupport.TestCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** Open inbox pages hear of each newly stored submission over server-sent events. */
class LiveSubmissionsTests extends MailbinContext {

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private LiveSubmissions live;

    @Test
    void aStoredSubmissionIsPushedToSubscribers() throws Exception {
        String form = uniqueForm("live");
        int before = this.live.subscribers();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> stream = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + this.port + "/api/live")).header("Accept", "text/event-stream")
                .header("Authorization", TestCredentials.Role.VIEWER.basic()).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.live.subscribers()).isGreaterThan(before));
        CompletableFuture<List<String>> event = CompletableFuture.supplyAsync(() -> {
            List<String> lines = new java.util.ArrayList<>();
            stream.body().takeWhile(line -> !(line.startsWith("data:") && line.contains(form))).forEach(lines::add);
            return lines;
        });

        UUID id = postJson(form, "{\"message\": \"hello live\"}");

        List<String> lines = event.get(30, TimeUnit.SECONDS);
        assertThat(lines).contains("event:submission", "id:" + id);
        stream.body().close();
    }
}
