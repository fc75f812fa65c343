/**
 * One trace per request across the suite's hops: observation on every RabbitMQ and Kafka
 * template and listener container, spans for batch listeners (which Spring AMQP and Spring
 * Kafka do not observe), and the W3C {@code traceparent} of the current span for events
 * published to the skill bus.
 */
@NullMarked
package dev.msgsuite.support.tracing;

import org.jspecify.annotations.NullMarked;
