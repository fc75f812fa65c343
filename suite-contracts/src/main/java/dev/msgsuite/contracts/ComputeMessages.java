package dev.msgsuite.contracts;

import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.ComputeResult;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/**
 * Job and result messages as the compute pipeline publishes them to RabbitMQ: the bodies in
 * {@link ComputeCodec}'s format, labelled with its content types, persistent. Kept apart from
 * the codec so the wire format needs no broker library.
 */
public final class ComputeMessages {

    private ComputeMessages() {
    }

    /** A job message from a job already encoded with {@link ComputeCodec#encodeJob}. */
    public static Message job(byte[] encodedJob) {
        return persistent(encodedJob, ComputeCodec.JOB_CONTENT_TYPE);
    }

    /** A result message. */
    public static Message result(ComputeResult result) {
        return persistent(ComputeCodec.encodeResult(result), ComputeCodec.RESULT_CONTENT_TYPE);
    }

    private static Message persistent(byte[] body, String contentType) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(contentType);
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        return new Message(body, properties);
    }
}
