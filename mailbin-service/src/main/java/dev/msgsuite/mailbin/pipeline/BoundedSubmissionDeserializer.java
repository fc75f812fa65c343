package dev.msgsuite.mailbin.pipeline;

import dev.msgsuite.contracts.FormSubmission;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.util.unit.DataSize;

/**
 * The JSON deserializer of submission records, refusing a record larger than
 * {@value #MAX_RECORD_SIZE} (a consumer property that {@code PipelineConfiguration} sets from
 * {@code mailbin.pipeline.max-record-size}, which has the default)
 * before Jackson builds anything from it. Wrapped in {@code ErrorHandlingDeserializer}, so a
 * refusal becomes a dead letter naming the size.
 */
public class BoundedSubmissionDeserializer extends JacksonJsonDeserializer<FormSubmission> {

    /** The consumer property holding the limit, a {@link DataSize} such as {@code 1MB}. */
    public static final String MAX_RECORD_SIZE = "mailbin.max-record-size";

    private long maxBytes;

    public BoundedSubmissionDeserializer() {
        super(FormSubmission.class, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        super.configure(configs, isKey);
        Object max = configs.get(MAX_RECORD_SIZE);
        if (max == null) {
            throw new IllegalStateException(MAX_RECORD_SIZE + " is not set: the consumer factory this deserializer "
                    + "serves needs PipelineConfiguration's customizer");
        }
        this.maxBytes = DataSize.parse(max.toString()).toBytes();
    }

    @Override
    public FormSubmission deserialize(String topic, Headers headers, byte[] data) {
        if (data != null && data.length > this.maxBytes) {
            throw new SerializationException("The record is " + data.length + " bytes, larger than " + MAX_RECORD_SIZE + " ("
                    + this.maxBytes + " bytes)");
        }
        return super.deserialize(topic, headers, data);
    }
}
