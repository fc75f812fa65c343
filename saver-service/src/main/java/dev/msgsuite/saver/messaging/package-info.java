/** The coordinator's RabbitMQ side: the topology it declares, publishing with confirms, dead letters. */
@NullMarked
package dev.msgsuite.saver.messaging;

import org.jspecify.annotations.NullMarked;
