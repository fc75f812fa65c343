package dev.msgsuite.bus.routing;

import java.util.function.UnaryOperator;

/**
 * A data packet as published: the skill read from it and its original bytes, which the bus
 * forwards unchanged. The array is never modified after construction. One packet object is
 * shared by every queue it is delivered to, so a form computed from it for the wire (its
 * compressed bytes) is computed once and kept here for all of them.
 */
public final class Packet {

    private final String skill;

    private final byte[] bytes;

    private volatile byte[] deflated;

    public Packet(String skill, byte[] bytes) {
        this.skill = skill;
        this.bytes = bytes;
    }

    public String skill() {
        return this.skill;
    }

    public byte[] bytes() {
        return this.bytes;
    }

    public int size() {
        return this.bytes.length;
    }

    /**
     * The packet's bytes as {@code deflate} transforms them: computed by the first caller, while
     * concurrent callers wait for it, and returned as is to every later one (whatever function
     * they pass: a bus instance has one compressor setting).
     */
    public byte[] deflated(UnaryOperator<byte[]> deflate) {
        byte[] known = this.deflated;
        if (known == null) {
            synchronized (this) {
                known = this.deflated;
                if (known == null) {
                    known = deflate.apply(this.bytes);
                    this.deflated = known;
                }
            }
        }
        return known;
    }

    @Override
    public String toString() {
        return "Packet[skill=" + this.skill + ", " + this.bytes.length + " bytes]";
    }
}
