package dev.msgsuite.support.skillbus;

/**
 * Publishes a service's events to the skill bus so anyone can watch them live.
 * <p>
 * Events are notifications, not records: the service's own store stays the source of truth.
 * Publishing never blocks and never fails the caller; while the bus is unreachable events wait
 * in a bounded buffer, and what overflows it is counted and logged. Every service has this
 * bean: it does nothing unless {@code suite.skillbus.url} is set.
 */
public interface BusEvents {

    /**
     * Publishes {@code {"skill": skill, "source": <application name>, "time": <ISO instant>,
     * "traceparent": <W3C trace context>, "payload": payload}}, the payload converted to JSON;
     * {@code traceparent} names the span the event was published in, and is absent outside a trace.
     *
     * @throws IllegalArgumentException if {@code skill} is not a valid skill name (a bug in the caller)
     */
    void publish(String skill, Object payload);

    /** Events that go nowhere, for a service without a bus. */
    BusEvents DISABLED = (skill, payload) -> {
    };
}
