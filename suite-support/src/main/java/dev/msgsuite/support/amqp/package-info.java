/** RabbitMQ publishing the services share: confirmed sends and dead letters. */
@NullMarked
package dev.msgsuite.support.amqp;

import org.jspecify.annotations.NullMarked;
