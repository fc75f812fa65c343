/**
 * A Java client of tuple-space-service's websocket protocol: {@link dev.msgsuite.tuplespace.client.TupleSpaceClient}
 * connects, {@link dev.msgsuite.tuplespace.client.Space} writes, reads, takes and subscribes.
 */
@NullMarked
package dev.msgsuite.tuplespace.client;

import org.jspecify.annotations.NullMarked;
