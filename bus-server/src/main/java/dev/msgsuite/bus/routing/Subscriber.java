package dev.msgsuite.bus.routing;

/** Whoever receives packets for registered patterns. */
public interface Subscriber {

    String id();

    /** Takes a packet; must not block (a slow subscriber must never slow the publisher). */
    boolean offer(Packet packet);
}
