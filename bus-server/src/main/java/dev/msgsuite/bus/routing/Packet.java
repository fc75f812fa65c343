package dev.msgsuite.bus.routing;

/**
 * A data packet as published: the skill read from it and its original bytes, which the bus
 * forwards unchanged. The array is never modified after construction.
 */
public record Packet(String skill, byte[] bytes) {

    public int size() {
        return this.bytes.length;
    }
}
