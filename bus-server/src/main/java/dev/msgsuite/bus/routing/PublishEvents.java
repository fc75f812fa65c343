package dev.msgsuite.bus.routing;

/** What publishing reports to metrics; declared here so routing does not depend on the metrics package. */
@FunctionalInterface
public interface PublishEvents {

    /** A client of this instance published a packet. */
    void published();
}
