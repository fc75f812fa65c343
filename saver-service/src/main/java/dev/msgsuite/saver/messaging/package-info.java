/** The RabbitMQ topology as the coordinator sees it, publishing with confirms, dead letters. */
@NullMarked
package dev.msgsuite.saver.messaging;

import org.jspecify.annotations.NullMarked;
