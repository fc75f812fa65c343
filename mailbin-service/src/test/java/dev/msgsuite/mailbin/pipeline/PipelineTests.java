package dev.msgsuite.mailbin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.FormSubmission;
import dev.msgsuite.contracts.MailbinTopics;
import dev.msgsuite.mailbin.MailbinContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.TopicDescription;
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
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/** The Kafka side: idempotent storing, dead letters, topics sized for scaling out. */
class PipelineTests extends MailbinContext {

    @Autowired
    private KafkaTemplate<String, FormSubmission> kafka;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Test
    void aRedeliveredRecordIsStoredOnce() throws Exception {
        String form = uniqueForm("redelivery");
        FormSubmission submission = new FormSubmission(UUID.randomUUID(), form, Instant.now(), "test", null, null,
                Map.of("message", List.of("hello")));

        this.kafka.send(MailbinTopics.SUBMISSIONS, form, submission).get();
        this.kafka.send(MailbinTopics.SUBMISSIONS, form, submission).get();
        UUID sentinel = postJson(form, "{\"after\": \"both\"}");
        awaitStored(sentinel);

        assertThat(storedCount(form)).isEqualTo(2);
        assertThat(awaitStored(submission.id()).get("fields")).isEqualTo(Map.of("message", List.of("hello")));
    }

    @Test
    void unparseableAndInvalidRecordsGoToTheDeadLetterTopicAndTheRestIsStillStored() throws Exception {
        String form = uniqueForm("poison");
        byte[] garbage = ("not json at all " + form).getBytes(StandardCharsets.UTF_8);
        byte[] invalid = ("{\"formId\": \"" + form + "\", \"fields\": {}}").getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                this.bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(MailbinTopics.SUBMISSIONS, form, garbage)).get();
            raw.send(new ProducerRecord<>(MailbinTopics.SUBMISSIONS, form, invalid)).get();
        }
        UUID sentinel = postJson(form, "{\"after\": \"poison\"}");

        awaitStored(sentinel);
        List<ConsumerRecord<String, byte[]>> dead = deadLettersFor(form, 2);
        assertThat(dead).extracting(record -> new String(record.value(), StandardCharsets.UTF_8)).satisfiesExactlyInAnyOrder(
                unparseable -> assertThat(unparseable).isEqualTo(new String(garbage, StandardCharsets.UTF_8)),
                incomplete -> assertThat(incomplete).contains("\"formId\":\"" + form + "\"").contains("\"id\":null"));
        assertThat(dead).allSatisfy(record -> assertThat(record.headers().lastHeader("kafka_dlt-exception-message")).isNotNull());
        assertThat(storedCount(form)).isOne();
    }

    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredAloneAndTheRecordsAroundItAreStored() throws Exception {
        String form = uniqueForm("refused");
        FormSubmission before = submission(form, "before");
        // valid JSON, but the table allows form ids of at most 64 characters
        FormSubmission refused = submission("f".repeat(70), "refused");
        FormSubmission after = submission(form, "after");

        // one key: one partition, in this order, most likely in one polled batch
        this.kafka.send(MailbinTopics.SUBMISSIONS, form, before);
        this.kafka.send(MailbinTopics.SUBMISSIONS, form, refused);
        this.kafka.send(MailbinTopics.SUBMISSIONS, form, after).get();

        awaitStored(after.id());
        awaitStored(before.id());
        assertThat(deadLettersFor(form, 1)).singleElement().satisfies(record -> assertThat(
                new String(record.value(), StandardCharsets.UTF_8)).contains(refused.id().toString()));
        assertThat(storedCount(form)).isEqualTo(2);
    }

    @Test
    void anAcceptedSubmissionIsARecordKeyedByItsFormIdSoEachFormKeepsItsOrder() {
        String form = uniqueForm("keyed");
        UUID id = postJson(form, "{\"n\": 1}");

        List<ConsumerRecord<String, byte[]>> records = recordsOn(MailbinTopics.SUBMISSIONS, "key-reader-" + form,
                record -> new String(record.value(), StandardCharsets.UTF_8).contains(id.toString()), 1);

        assertThat(records).singleElement().satisfies(record -> assertThat(record.key()).isEqualTo(form));
    }

    @Test
    void theConsumersOfThisInstanceShareThePartitions() {
        MessageListenerContainer container = this.listeners.getListenerContainer(SubmissionStoreListener.LISTENER_ID);

        assertThat(container).isInstanceOf(ConcurrentMessageListenerContainer.class);
        List<? extends MessageListenerContainer> consumers = ((ConcurrentMessageListenerContainer<?, ?>) container).getContainers();
        assertThat(consumers).hasSize(3);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumers)
                .allSatisfy(consumer -> assertThat(consumer.getAssignedPartitions()).hasSize(2)));
    }

    @Test
    void bothTopicsHaveSeveralPartitionsSoConsumersCanScaleOut() throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", this.bootstrapServers))) {
            Map<String, TopicDescription> topics = admin.describeTopics(
                    List.of(MailbinTopics.SUBMISSIONS, MailbinTopics.SUBMISSIONS_DEAD_LETTERS)).allTopicNames().get();

            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(6));
        }
    }

    @Test
    void theTopicsKeepRecordsAsConfiguredNotForTheBrokersDefaultWeek() throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", this.bootstrapServers))) {
            org.apache.kafka.common.config.ConfigResource submissions = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, MailbinTopics.SUBMISSIONS);
            org.apache.kafka.common.config.ConfigResource deadLetters = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, MailbinTopics.SUBMISSIONS_DEAD_LETTERS);
            var configs = admin.describeConfigs(List.of(submissions, deadLetters)).all().get();

            assertThat(configs.get(submissions).get("retention.ms").value()).isEqualTo(Long.toString(java.time.Duration.ofDays(30).toMillis()));
            assertThat(configs.get(deadLetters).get("retention.ms").value()).isEqualTo(Long.toString(java.time.Duration.ofDays(365).toMillis()));
            assertThat(configs.get(submissions).get("min.insync.replicas").value()).as("one replica in the tests").isEqualTo("1");
        }
    }

    private static FormSubmission submission(String form, String message) {
        return new FormSubmission(UUID.randomUUID(), form, Instant.now(), "test", null, null, Map.of("message", List.of(message)));
    }

    private List<ConsumerRecord<String, byte[]>> deadLettersFor(String form, int expected) {
        return recordsOn(MailbinTopics.SUBMISSIONS_DEAD_LETTERS, "dlt-reader-" + form, record -> form.equals(record.key()), expected);
    }

    private List<ConsumerRecord<String, byte[]>> recordsOn(String topic, String group, Predicate<ConsumerRecord<String, byte[]>> wanted,
            int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (wanted.test(record)) {
                        found.add(record);
                    }
                });
                assertThat(found).hasSize(expected);
            });
        }
        return found;
    }
}
