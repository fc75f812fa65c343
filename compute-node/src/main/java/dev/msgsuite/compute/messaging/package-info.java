/** The node's RabbitMQ side: the topology it declares, publishing with confirms, dead letters. */
@NullMarked
package dev.msgsuite.compute.messaging;

import org.jspecify.annotations.NullMarked;
