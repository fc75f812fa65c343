package dev.msgsuite.bus.routing;

/** Carries packets published here to the other instances of the bus (cluster mode). */
public interface PacketRelay {

    PacketRelay NONE = packet -> {
    };

    void relay(Packet packet);
}
