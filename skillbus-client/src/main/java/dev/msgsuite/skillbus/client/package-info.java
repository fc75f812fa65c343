/**
 * A JVM client for the skill bus (bus-server, protocol v2 {@code skillbus.v2}): connect,
 * register patterns, publish packets, receive deliveries through a listener, acknowledge
 * them under a prefetch window, and reconnect with backoff, resuming the session. Start at
 * {@link dev.msgsuite.skillbus.client.SkillBusClient#builder(java.net.URI)}.
 */
@NullMarked
package dev.msgsuite.skillbus.client;

import org.jspecify.annotations.NullMarked;
