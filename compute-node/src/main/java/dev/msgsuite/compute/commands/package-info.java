/** Commands from the coordinator (configure, ping, shutdown-drain), their replies, and heartbeats. */
@NullMarked
package dev.msgsuite.compute.commands;

import org.jspecify.annotations.NullMarked;
