/** The RabbitMQ topology as the node sees it, and publishing with confirms. */
@NullMarked
package dev.msgsuite.compute.messaging;

import org.jspecify.annotations.NullMarked;
