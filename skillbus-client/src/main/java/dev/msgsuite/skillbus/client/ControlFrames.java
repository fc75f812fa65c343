package dev.msgsuite.skillbus.client;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Builds the JSON of protocol v2's text frames. */
final class ControlFrames {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private ControlFrames() {
    }

    static ObjectNode control(String op) {
        return JSON.createObjectNode().put("op", op);
    }
}
