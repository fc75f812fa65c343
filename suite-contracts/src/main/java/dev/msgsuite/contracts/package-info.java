/**
 * Message contracts shared by the suite's services: the names of RabbitMQ exchanges and
 * queues and of Kafka topics, in one place, so no service spells them on its own.
 */
@NullMarked
package dev.msgsuite.contracts;

import org.jspecify.annotations.NullMarked;
