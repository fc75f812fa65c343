package dev.msgsuite.mailbin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.FormSubmission;
import dev.msgsuite.contracts.MailbinTopics;
import dev.msgsuite.testsupport.TestCredentials.Role;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every attack on mailbin at once, against the real embedded Kafka, PostgreSQL and HTTP: text
 * PostgreSQL cannot store, broken {@code _next} URLs, forged {@code X-Forwarded-For}, a live
 * subscriber that never reads, oversized bodies and poison records written straight to the topic.
 * Afterwards the process is alive within its heap, every well-behaved submission is stored exactly
 * once and the well-behaved live subscriber heard of each.
 */
class MailbinHostileClientsTests extends MailbinContext {

    private static final int LIVE_EVENTS = 160;

    @Value("${local.server.port}")
    private int port;

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private JsonMapper json;

    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();

    @Test
    void hostileClientsNeitherKillTheServiceNorLoseOrDoubleTheWorkOfOthers() throws Exception {
        String form = uniqueForm("hostile");
        String liveForm = uniqueForm("hostile-live");
        LiveReader normal = LiveReader.open(this.port, liveForm);
        double droppedBefore = this.meters.counter("mailbin.live.dropped.subscribers").count();
        try (Socket slow = neverReadingSubscriber()) {
            textPostgresCannotStoreIsRefusedBeforeAnythingIsQueued(form);
            brokenNextUrlsAreRefusedBeforeAnythingIsQueued(form);
            oversizedBodiesAreRefused(form);
            multipartFieldsDoNotMixWithTheQueryString(form);
            forgedForwardedForFromAnUntrustedPeerIsIgnored(form);
            ipv6ClientsAreOneClientPerSlash64(form);
            poisonRecordsOnTheTopicAreDeadLetteredWithTheirReason(form);

            // big events fill the socket of the subscriber that never reads
            String big = "{\"a\": \"%s\", \"b\": \"%s\", \"c\": \"%s\", \"d\": \"%s\"}".formatted("a".repeat(10_000),
                    "b".repeat(10_000), "c".repeat(10_000), "d".repeat(10_000));
            List<UUID> live = new ArrayList<>();
            for (int i = 0; i < LIVE_EVENTS; i++) {
                live.add(accept(liveForm, () -> postJson(liveForm, big)));
            }

            Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(normal.ids()).containsAll(
                    live.stream().map(UUID::toString).toList()));
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    this.meters.counter("mailbin.live.dropped.subscribers").count()).isGreaterThan(droppedBefore));
            assertThat(slow.isClosed()).isFalse();
        }
        finally {
            normal.close();
        }

        this.http.get().uri("/livez").exchange().expectStatus().isOk();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        assertThat(heap.getUsed()).isLessThan(heap.getMax());
        UUID last = postJson(form, "{\"still\": \"served\"}");
        this.accepted.computeIfAbsent(form, key -> new AtomicInteger()).incrementAndGet();
        awaitStored(last);
        for (Map.Entry<String, AtomicInteger> expected : this.accepted.entrySet()) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(storedCount(expected.getKey()))
                    .as("stored submissions of %s", expected.getKey()).isEqualTo(expected.getValue().get()));
        }
    }

    private void textPostgresCannotStoreIsRefusedBeforeAnythingIsQueued(String form) {
        refuse(form, MediaType.APPLICATION_JSON, "{\"m\": \"a\\u0000b\"}".getBytes(StandardCharsets.UTF_8), 422, "NUL");
        refuse(form, MediaType.APPLICATION_JSON, "{\"m\\u0000\": \"b\"}".getBytes(StandardCharsets.UTF_8), 422, "NUL");
        refuse(form, MediaType.APPLICATION_JSON, "{\"m\": \"\\ud800\"}".getBytes(StandardCharsets.UTF_8), 422, "lone UTF-16 surrogate");
        refuse(form, MediaType.APPLICATION_FORM_URLENCODED, "m=a%00b".getBytes(StandardCharsets.UTF_8), 422, "NUL");
        refuse(form, MediaType.APPLICATION_FORM_URLENCODED, "m=%C3%28".getBytes(StandardCharsets.UTF_8), 400, "not valid UTF-8");
        refuse(form, MediaType.APPLICATION_FORM_URLENCODED, new byte[] { 'm', '=', (byte) 0xFF }, 400, "not valid UTF-8");
        refuse(form, MediaType.APPLICATION_JSON, new byte[] { '{', '"', 'm', '"', ':', '"', (byte) 0xC3, '"', '}' }, 400, "not valid JSON");
        MultiValueMap<String, Object> nul = new LinkedMultiValueMap<>();
        nul.add("m", "a\u0000b");
        this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", newClientAddress()).contentType(MediaType.MULTIPART_FORM_DATA)
                .body(nul).exchange().expectStatus().isEqualTo(422);
        byte[] invalidUtf8 = multipart("m", new byte[] { 'a', (byte) 0xC3, 'b' });
        refuse(form, MediaType.parseMediaType("multipart/form-data; boundary=XyZ"), invalidUtf8, 400, "not valid UTF-8");
    }

    private void brokenNextUrlsAreRefusedBeforeAnythingIsQueued(String form) {
        for (String next : List.of("/a%20b", "/%09/x", "/a%7Cb%5C")) {
            this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", newClientAddress()).header("Accept", "text/html")
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).body("m=1&_next=" + next).exchange().expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains("is not allowed"));
        }
        // a path percent-encoded as a URI wants it is fine, and the browser goes there
        this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", newClientAddress()).header("Accept", "text/html")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body("m=1&_next=%2Fthanks%2520page").exchange()
                .expectStatus().isSeeOther().expectHeader().valueEquals("Location", "/thanks%20page");
        this.accepted.computeIfAbsent(form, key -> new AtomicInteger()).incrementAndGet();
    }

    private void oversizedBodiesAreRefused(String form) throws Exception {
        refuse(form, MediaType.APPLICATION_JSON, ("{\"a\": \"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8), 413,
                "larger than");
        refuse(form, MediaType.APPLICATION_FORM_URLENCODED, ("a=" + "x".repeat(1024 * 1024)).getBytes(StandardCharsets.UTF_8), 413,
                "larger than");
        MultiValueMap<String, Object> big = new LinkedMultiValueMap<>();
        big.add("a", "y".repeat(70 * 1024));
        this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", newClientAddress()).contentType(MediaType.MULTIPART_FORM_DATA)
                .body(big).exchange().expectStatus().isEqualTo(413);
        // chunked: no Content-Length announces the size
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/f/" + form))
                .header("Content-Type", "application/json").header("X-Forwarded-For", newClientAddress())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("{\"a\": \"" + "z".repeat(200 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
    }

    private void multipartFieldsDoNotMixWithTheQueryString(String form) {
        MultiValueMap<String, Object> fields = new LinkedMultiValueMap<>();
        fields.add("message", "from the body");
        Map<String, Object> answer = this.http.post().uri("/f/{form}?injected=from-the-url&_gotcha=", form)
                .header("X-Forwarded-For", newClientAddress()).contentType(MediaType.MULTIPART_FORM_DATA).body(fields).exchange()
                .expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        this.accepted.computeIfAbsent(form, key -> new AtomicInteger()).incrementAndGet();
        Map<String, Object> stored = awaitStored(UUID.fromString((String) answer.get("id")));
        assertThat(stored.get("fields")).isEqualTo(Map.of("message", List.of("from the body")));
    }

    private void forgedForwardedForFromAnUntrustedPeerIsIgnored(String form) throws Exception {
        InetAddress untrusted = nonLoopbackAddress();
        // all at once, so the burst runs out however slowly this machine answers (a token comes back each second)
        List<Integer> statuses = concurrently(30, i -> rawPost(untrusted, "/f/" + form, "X-Forwarded-For: 203.0.113." + i,
                "{\"forged\": " + i + "}"));
        // one client, whatever it claims: its burst of 20, the rest 429
        assertThat(statuses).containsOnly(202, 429);
        long accepted = statuses.stream().filter(status -> status == 202).count();
        assertThat(accepted).isBetween(20L, 25L);
        this.accepted.computeIfAbsent(form, key -> new AtomicInteger()).addAndGet((int) accepted);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(clientIps(form)).contains(untrusted.getHostAddress())
                .noneMatch(ip -> ip.startsWith("203.0.113.")));
    }

    private void ipv6ClientsAreOneClientPerSlash64(String form) throws Exception {
        // every address of one /64 draws on one bucket: 20 at once, the rest 429
        List<Integer> statuses = concurrently(30, i -> this.http.post().uri("/f/{form}", form)
                .header("X-Forwarded-For", "2001:db8:0:7:" + Integer.toHexString(i) + "::1").contentType(MediaType.APPLICATION_JSON)
                .body("{\"v6\": " + i + "}").exchange().returnResult().getStatus().value());
        assertThat(statuses).containsOnly(202, 429);
        long accepted = statuses.stream().filter(status -> status == 202).count();
        assertThat(accepted).isBetween(20L, 25L);
        this.accepted.computeIfAbsent(form, key -> new AtomicInteger()).addAndGet((int) accepted);
        this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", "2001:db8:0:8::1").contentType(MediaType.APPLICATION_JSON)
                .body("{\"v6\": \"other /64\"}").exchange().expectStatus().isAccepted();
        this.accepted.computeIfAbsent(form, key -> new AtomicInteger()).incrementAndGet();
    }

    private void poisonRecordsOnTheTopicAreDeadLetteredWithTheirReason(String form) throws Exception {
        String now = Instant.now().toString();
        Map<String, String> poison = Map.of(
                "garbage", "not json " + form,
                "NUL", record(UUID.randomUUID(), form, now, "\"fields\": {\"m\": [\"a\\u0000b\"]}"),
                "formId is not", record(UUID.randomUUID(), "a\\\";x", now, "\"fields\": {\"m\": [\"x\"]}"),
                "in the future", record(UUID.randomUUID(), form, "2999-01-01T00:00:00Z", "\"fields\": {\"m\": [\"x\"]}"),
                "more than 50 field values", record(UUID.randomUUID(), form, now, "\"fields\": {" + IntStream.range(0, 60)
                        .mapToObj(i -> "\"f" + i + "\": [\"v\"]").collect(Collectors.joining(", ")) + "}"),
                "lone UTF-16 surrogate", record(UUID.randomUUID(), form, now, "\"fields\": {\"m\": [\"\\udc00\"]}"),
                "userAgent contains the NUL", record(UUID.randomUUID(), form, now, "\"userAgent\": \"x\\u0000\", \"fields\": {\"m\": [\"x\"]}"));
        FormSubmission good = new FormSubmission(UUID.randomUUID(), form, Instant.now(), "producer:test", null, null,
                Map.of("m", List.of("fine")));
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                this.bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
            for (String body : poison.values()) {
                raw.send(new ProducerRecord<>(MailbinTopics.SUBMISSIONS, form, body.getBytes(StandardCharsets.UTF_8))).get();
            }
            raw.send(new ProducerRecord<>(MailbinTopics.SUBMISSIONS, form, this.json.writeValueAsBytes(good))).get();
        }
        this.accepted.computeIfAbsent(form, key -> new AtomicInteger()).incrementAndGet();
        awaitStored(good.id());

        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                this.bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG, "hostile-dlt-" + form, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(MailbinTopics.SUBMISSIONS_DEAD_LETTERS));
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (form.equals(record.key())) {
                        reasons.add(new String(record.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8));
                    }
                }
                assertThat(reasons).hasSize(poison.size());
            });
        }
        for (String reason : poison.keySet()) {
            assertThat(reasons).as("a dead letter says why: %s", reason).anySatisfy(message -> assertThat(message)
                    .containsIgnoringCase(reason.equals("garbage") ? "failed to deserialize" : reason));
        }
    }

    /** Runs {@code request(1..n)} at the same time on virtual threads and returns the statuses. */
    private static List<Integer> concurrently(int n, Request request) throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                int number = i;
                sent.add(clients.submit(() -> request.send(number)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : sent) {
                statuses.add(status.get());
            }
            return statuses;
        }
    }

    interface Request {

        int send(int number) throws Exception;
    }

    private static String record(UUID id, String formId, String receivedAt, String more) {
        return "{\"id\": \"%s\", \"formId\": \"%s\", \"receivedAt\": \"%s\", \"source\": \"producer:evil\", %s}".formatted(id, formId,
                receivedAt, more);
    }

    private UUID accept(String form, java.util.function.Supplier<UUID> post) {
        UUID id = post.get();
        this.accepted.computeIfAbsent(form, key -> new AtomicInteger()).incrementAndGet();
        return id;
    }

    private void refuse(String form, MediaType type, byte[] body, int status, String message) {
        this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", newClientAddress()).contentType(type).body(body)
                .exchange().expectStatus().isEqualTo(status).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains(message));
    }

    private static byte[] multipart(String name, byte[] value) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(value);
        body.writeBytes("\r\n--XyZ--\r\n".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private List<String> clientIps(String form) {
        Map<String, Object> page = as(Role.VIEWER).get().uri("/api/submissions?form={form}&size=200", form).exchange().expectStatus().isOk()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        return items.stream().map(item -> String.valueOf(item.get("clientIp"))).toList();
    }

    /** POSTs JSON from the given local address (not loopback, so not a trusted proxy) and returns the status. */
    private int rawPost(InetAddress from, String path, String header, String json) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(from, this.port), 5000);
            socket.setSoTimeout(15_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n" + header + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    private static InetAddress nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(nic -> {
            try {
                return nic.isUp() && !nic.isLoopback();
            }
            catch (SocketException ex) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(Inet4Address.class::isInstance).findFirst()
                .orElseThrow(() -> new IllegalStateException("This test needs a network interface besides loopback"));
    }

    /** A live subscriber with a tiny receive buffer that never reads a byte. */
    private Socket neverReadingSubscriber() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 5000);
        socket.getOutputStream().write(("GET /api/live HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nAuthorization: "
                + Role.VIEWER.basic() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private String base() {
        return "http://localhost:" + this.port;
    }

    /** A well-behaved live subscriber that reads every event and remembers the ids of one form's. */
    private static final class LiveReader implements AutoCloseable {

        private final Set<String> ids = ConcurrentHashMap.newKeySet();

        private final HttpResponse<Stream<String>> response;

        private final Thread reader;

        private LiveReader(HttpResponse<Stream<String>> response, String form) {
            this.response = response;
            this.reader = Thread.ofVirtual().start(() -> {
                String[] id = new String[1];
                try {
                    response.body().forEach(line -> {
                        if (line.startsWith("id:")) {
                            id[0] = line.substring(3);
                        }
                        else if (line.startsWith("data:") && line.contains("\"formId\":\"" + form + "\"")) {
                            this.ids.add(id[0]);
                        }
                    });
                }
                catch (RuntimeException closed) {
                    // the test closed the stream
                }
            });
        }

        static LiveReader open(int port, String form) throws Exception {
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/live")).header("Accept", "text/event-stream")
                    .header("Authorization", Role.VIEWER.basic()).build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            return new LiveReader(response, form);
        }

        Set<String> ids() {
            return this.ids;
        }

        @Override
        public void close() {
            this.response.body().close();
            this.reader.interrupt();
        }
    }

}
