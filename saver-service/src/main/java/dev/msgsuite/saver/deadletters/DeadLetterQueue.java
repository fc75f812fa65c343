package dev.msgsuite.saver.deadletters;

import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTERED_AT_HEADER;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_NODE_HEADER;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_ORIGINAL_QUEUE_HEADER;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_REASON_HEADER;
import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.msgsuite.saver.web.ApiException;
import dev.msgsuite.support.amqp.ConfirmedPublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.stereotype.Component;

/**
 * The dead letters of the compute pipeline, read where they are, in {@code compute.dead-letters}:
 * a scan takes messages from the head of the queue without acknowledging them and hands every
 * one it does not replay back (nack with requeue, which puts it back in its place), so listing
 * changes nothing and a replayed message leaves the queue only once the broker confirmed its
 * copy on the original queue. A saver-service instance runs one scan at a time; a scan
 * by another instance at the same moment holds its messages, which this one then does not see
 * (listed as fewer, or not found for replay): nothing is lost or replayed twice, and the
 * next call sees them again. A crash between the confirm and the acknowledgement leaves the
 * message in both queues (replayed twice at worst); the store takes a result once, whatever
 * redelivers it.
 */
@Component
class DeadLetterQueue {

    /** Queues a dead letter may go back to: where the pipeline's work waits. */
    static final Set<String> REPLAYABLE = Set.of(JOBS_QUEUE, RESULTS_QUEUE);

    /** Headers of the dead-lettering, dropped from a replayed copy. */
    private static final Predicate<String> DEAD_LETTER_HEADER = name -> name.equals(DEAD_LETTER_REASON_HEADER)
            || name.equals(DEAD_LETTER_ORIGINAL_QUEUE_HEADER) || name.equals(DEAD_LETTERED_AT_HEADER)
            || name.equals(DEAD_LETTER_NODE_HEADER) || name.startsWith("x-death") || name.startsWith("x-first-death")
            || name.startsWith("x-last-death");

    /** Counts how often a message was replayed, so an operator sees one that keeps coming back. */
    static final String REPLAYS_HEADER = "x-replays";

    private static final MessagePropertiesConverter PROPERTIES = new DefaultMessagePropertiesConverter();

    private final ConnectionFactory connectionFactory;

    private final ConfirmedPublisher publisher;

    private final ReentrantLock scanning = new ReentrantLock(true);

    DeadLetterQueue(ConnectionFactory connectionFactory, ConfirmedPublisher publisher) {
        this.connectionFactory = connectionFactory;
        this.publisher = publisher;
    }

    /** The first {@code limit} dead letters in queue order, and how many are ready in all. */
    Listing list(int limit) {
        List<DeadLetter> items = new ArrayList<>();
        long ready = scan(limit, (message, letter) -> {
            items.add(letter);
            return false;
        });
        return new Listing(ready, items);
    }

    /**
     * Republishes the dead letters chosen among the first {@code scanLimit} to their original
     * queues, each confirmed before it is removed.
     */
    Replay replay(Predicate<DeadLetter> chosen, int scanLimit) {
        List<DeadLetter> replayed = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        scan(scanLimit, (message, letter) -> {
            if (!chosen.test(letter)) {
                return false;
            }
            if (letter.originalQueue() == null || !REPLAYABLE.contains(letter.originalQueue())) {
                skipped.add(new Skipped(letter.id(), "its original queue " + (letter.originalQueue() == null ? "is unknown"
                        : "'" + letter.originalQueue() + "' is not one of " + REPLAYABLE.stream().sorted().toList())));
                return false;
            }
            this.publisher.send("", letter.originalQueue(), replayable(message));
            replayed.add(letter);
            return true;
        });
        return new Replay(replayed, skipped);
    }

    /**
     * Takes up to {@code limit} messages from the head of the queue; those the visitor returns
     * true for are acknowledged (gone from the queue), every other one is put back. Returns the
     * messages ready in the queue when the scan began.
     */
    private long scan(int limit, Visitor visitor) {
        try {
            if (!this.scanning.tryLock(30, TimeUnit.SECONDS)) {
                throw ApiException.busy("Another dead-letter scan is running; try again shortly", 5);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw ApiException.busy("Interrupted waiting for another dead-letter scan", 5);
        }
        try (Connection connection = this.connectionFactory.createConnection()) {
            Channel channel = connection.createChannel(false);
            try {
                long ready = channel.messageCount(DEAD_LETTER_QUEUE);
                long highestUnacked = -1;
                try {
                    for (int taken = 0; taken < limit; taken++) {
                        GetResponse response = channel.basicGet(DEAD_LETTER_QUEUE, false);
                        if (response == null) {
                            break;
                        }
                        long tag = response.getEnvelope().getDeliveryTag();
                        Message message = new Message(response.getBody(), PROPERTIES.toMessageProperties(response.getProps(),
                                response.getEnvelope(), StandardCharsets.UTF_8.name()));
                        boolean done;
                        try {
                            done = visitor.visit(message, describe(message));
                        }
                        catch (RuntimeException ex) {
                            highestUnacked = tag;
                            throw ex;
                        }
                        if (done) {
                            channel.basicAck(tag, false);
                        }
                        else {
                            highestUnacked = tag;
                        }
                    }
                }
                finally {
                    if (highestUnacked >= 0) {
                        // every message not acknowledged goes back, in its place; a nack has no answer,
                        // the round trip after it means the queue has them again when this call returns
                        channel.basicNack(highestUnacked, true, true);
                        channel.messageCount(DEAD_LETTER_QUEUE);
                    }
                }
                return ready;
            }
            finally {
                // closing also hands back anything a failure left unacknowledged
                channel.close();
            }
        }
        catch (IOException | java.util.concurrent.TimeoutException ex) {
            throw ApiException.busy("The dead-letter queue cannot be read now: " + ex.getMessage(), 5);
        }
        finally {
            this.scanning.unlock();
        }
    }

    static DeadLetter describe(Message message) {
        Map<String, @Nullable Object> headers = message.getMessageProperties().getHeaders();
        String originalQueue = text(headers.get(DEAD_LETTER_ORIGINAL_QUEUE_HEADER));
        String reason = text(headers.get(DEAD_LETTER_REASON_HEADER));
        Instant at = instant(headers.get(DEAD_LETTERED_AT_HEADER));
        // dead-lettered by RabbitMQ itself (rejected, expired, over a length limit)
        if (originalQueue == null) {
            originalQueue = text(headers.get("x-first-death-queue"));
        }
        if (reason == null && headers.get("x-first-death-reason") != null) {
            reason = "dead-lettered by the broker: " + text(headers.get("x-first-death-reason"));
        }
        return new DeadLetter(id(message, originalQueue, reason), originalQueue, reason, text(headers.get(DEAD_LETTER_NODE_HEADER)),
                at, message.getBody().length, message.getMessageProperties().getContentType(), replays(headers));
    }

    private static Message replayable(Message message) {
        Message replay = MessageBuilder.withBody(message.getBody())
                .copyProperties(message.getMessageProperties())
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .build();
        replay.getMessageProperties().getHeaders().keySet().removeIf(DEAD_LETTER_HEADER);
        replay.getMessageProperties().setHeader(REPLAYS_HEADER, replays(message.getMessageProperties().getHeaders()) + 1);
        return replay;
    }

    /**
     * Names a dead letter by what it is, so the id a listing shows still finds it later:
     * identical dead letters share an id and are replayed together.
     */
    private static String id(Message message, @Nullable String originalQueue, @Nullable String reason) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.valueOf(originalQueue).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.valueOf(reason).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.valueOf(message.getMessageProperties().getHeaders().get(DEAD_LETTERED_AT_HEADER))
                    .getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(message.getBody());
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static int replays(Map<String, @Nullable Object> headers) {
        return headers.get(REPLAYS_HEADER) instanceof Number count ? count.intValue() : 0;
    }

    private static @Nullable String text(@Nullable Object value) {
        return value == null ? null : value.toString();
    }

    private static @Nullable Instant instant(@Nullable Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        try {
            return value == null ? null : Instant.parse(value.toString());
        }
        catch (java.time.format.DateTimeParseException ex) {
            return null;
        }
    }

    private interface Visitor {

        /** Whether the message is done with (acknowledged); false puts it back. */
        boolean visit(Message message, DeadLetter letter);
    }

    /**
     * A dead letter as listed.
     *
     * @param id names the message (a hash of what it is), for replay
     * @param originalQueue where it came from, null when unknown
     * @param reason why it was dead-lettered, null when unknown
     * @param node the compute node that dead-lettered it, for jobs
     * @param deadLetteredAt when, where the dead-lettering said so
     * @param bytes the body's size
     * @param contentType the body's type
     * @param replays how often it was replayed before
     */
    record DeadLetter(String id, @Nullable String originalQueue, @Nullable String reason, @Nullable String node,
            @Nullable Instant deadLetteredAt, int bytes, @Nullable String contentType, int replays) {
    }

    /**
     * @param ready dead letters ready in the queue when listed (messages another scan holds
     * at that moment are not counted)
     * @param items the first ones, in queue order
     */
    record Listing(long ready, List<DeadLetter> items) {
    }

    /**
     * @param replayed republished to their queues (confirmed) and gone from the dead letters
     * @param skipped chosen but not replayable, still in the dead letters
     */
    record Replay(List<DeadLetter> replayed, List<Skipped> skipped) {
    }

    record Skipped(String id, String reason) {
    }
}
