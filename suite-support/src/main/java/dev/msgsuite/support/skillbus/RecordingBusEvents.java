package dev.msgsuite.support.skillbus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps every event in memory instead of sending it: the test double services' tests put in
 * place of {@link BusEvents} (with {@code @Import(RecordingBusEvents.class)}) to see what a
 * service publishes; the transport itself is tested in bus-server. Here rather than in
 * suite-test-support, which every module's tests use and which therefore depends on no module
 * of the suite. Unbounded: not for a running service. Thread-safe.
 */
public final class RecordingBusEvents implements BusEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Published> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String skill, Object payload) {
        this.published.add(new Published(skill, payload));
    }

    /** Everything published so far, in order. */
    public List<Published> published() {
        return List.copyOf(this.published);
    }

    /** What was published to {@code skill} whose payload has {@code field} equal to {@code value}, in order. */
    public List<Published> of(String skill, String field, String value) {
        return this.published.stream().filter(event -> event.skill().equals(skill))
                .filter(event -> event.json().path(field).asString("").equals(value)).toList();
    }

    /**
     * @param skill where it went
     * @param payload the object the service handed over
     */
    public record Published(String skill, Object payload) {

        /** The payload as the JSON the bus would carry. */
        public JsonNode json() {
            return JSON.valueToTree(this.payload);
        }
    }
}
