package dev.msgsuite.contracts;

/** RabbitMQ names that join several bus-server instances into one skill bus. */
public final class BusMessaging {

    /** Topic exchange: routing key = skill; each instance binds its own queue per registered skill. */
    public static final String PACKETS_EXCHANGE = "skillbus.packets";

    private BusMessaging() {
    }
}
