package dev.msgsuite.bus.protocol;

import dev.msgsuite.bus.routing.Packet;
import dev.msgsuite.bus.routing.SkillPattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a binary frame as a data packet: a UTF-8 JSON object with a string {@code skill}; keeps the bytes. */
final class PacketReader {

    private final JsonMapper json;

    PacketReader(JsonMapper json) {
        this.json = json;
    }

    Packet read(byte[] bytes) {
        JsonNode tree;
        try {
            tree = this.json.readTree(bytes);
        }
        catch (JacksonException ex) {
            throw new ProtocolException(ErrorCode.BAD_PACKET, "data packet is not JSON: " + ex.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_PACKET, "data packet must be a JSON object");
        }
        JsonNode skill = tree.get("skill");
        if (skill == null) {
            throw new ProtocolException(ErrorCode.BAD_PACKET, "data packet has no 'skill'");
        }
        if (!skill.isString()) {
            throw new ProtocolException(ErrorCode.BAD_PACKET, "data packet 'skill' must be a string");
        }
        SkillPattern.problemWithSkill(skill.stringValue()).ifPresent(problem -> {
            throw new ProtocolException(ErrorCode.BAD_PACKET, "data packet 'skill' is invalid: " + problem);
        });
        return new Packet(skill.stringValue(), bytes);
    }
}
