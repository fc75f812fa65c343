package dev.msgsuite.saver;

import dev.msgsuite.support.skillbus.BusEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Keeps what saver-service would publish to the skill bus, each payload as the JSON the bus would carry. */
class RecordingBusEvents implements BusEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String skill, Object payload) {
        this.events.add(new Event(skill, JSON.valueToTree(payload)));
    }

    List<Event> of(String skill, String jobId) {
        return this.events.stream().filter(event -> event.skill().equals(skill))
                .filter(event -> event.payload().path("jobId").asString("").equals(jobId)).toList();
    }

    record Event(String skill, JsonNode payload) {
    }
}
