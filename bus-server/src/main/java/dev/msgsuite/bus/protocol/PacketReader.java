package dev.msgsuite.bus.protocol;

import dev.msgsuite.bus.routing.Packet;
import dev.msgsuite.bus.routing.SkillPattern;
import dev.msgsuite.skillbus.protocol.ErrorCode;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a binary frame as a data packet: a UTF-8 JSON object with a string {@code skill};
 * keeps the bytes. The JSON is streamed, not built into a tree: a packet of the frame limit
 * costs its own bytes plus a few small strings, whatever its shape.
 */
final class PacketReader {

    private final JsonMapper json;

    PacketReader(JsonMapper json) {
        this.json = json;
    }

    Packet read(byte[] bytes) {
        String skill;
        try (JsonParser parser = this.json.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException(ErrorCode.BAD_PACKET, "data packet must be a JSON object");
            }
            skill = readSkill(parser);
            if (parser.nextToken() != null) {
                throw new ProtocolException(ErrorCode.BAD_PACKET, "data packet has content after its JSON object");
            }
        }
        catch (JacksonException ex) {
            throw new ProtocolException(ErrorCode.BAD_PACKET,
                    "data packet is not JSON: " + ProtocolException.excerpt(ex.getOriginalMessage(), ProtocolException.MAX_DETAIL));
        }
        if (skill == null) {
            throw new ProtocolException(ErrorCode.BAD_PACKET, "data packet has no 'skill'");
        }
        SkillPattern.problemWithSkill(skill).ifPresent(problem -> {
            throw new ProtocolException(ErrorCode.BAD_PACKET, "data packet 'skill' is invalid: " + problem);
        });
        return new Packet(skill, bytes);
    }

    /** Reads the root object's properties up to its end; returns its {@code skill}, null if it has none. */
    private static String readSkill(JsonParser parser) {
        String skill = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            boolean isSkill = "skill".equals(parser.currentName());
            JsonToken value = parser.nextToken();
            if (isSkill) {
                if (skill != null) {
                    // two readers of one packet must never disagree on its skill
                    throw new ProtocolException(ErrorCode.BAD_PACKET, "data packet has 'skill' twice");
                }
                if (value != JsonToken.VALUE_STRING) {
                    throw new ProtocolException(ErrorCode.BAD_PACKET, "data packet 'skill' must be a string");
                }
                skill = parser.getString();
                if (skill.length() > SkillPattern.MAX_BYTES) {
                    throw new ProtocolException(ErrorCode.BAD_PACKET,
                            "data packet 'skill' is invalid: skill is longer than " + SkillPattern.MAX_BYTES + " bytes");
                }
            }
            else {
                parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new ProtocolException(ErrorCode.BAD_PACKET, "data packet is not JSON: unexpected end of input");
        }
        return skill;
    }
}
