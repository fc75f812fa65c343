package dev.msgsuite.skillbus.client;

import tools.jackson.databind.JsonNode;

/**
 * A packet delivered to this client.
 *
 * @param id the delivery id, to {@linkplain SkillBusClient#ack(long) acknowledge}; a redelivery
 *        after a reconnect keeps its id
 * @param skill the skill the packet was published to
 * @param packet the packet as published (a JSON object with {@code skill}, usually {@code payload})
 * @param bytes the packet's original bytes, exactly as the publisher sent them
 */
public record Delivery(long id, String skill, JsonNode packet, byte[] bytes) {

    /** The packet's {@code payload}, or a missing node if it has none. */
    public JsonNode payload() {
        return this.packet.path("payload");
    }
}
