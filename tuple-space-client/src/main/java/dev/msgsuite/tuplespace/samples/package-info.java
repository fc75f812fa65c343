/**
 * The lecture's two tuple-space examples, rebuilt on the client: a worker pool computing
 * factorials and Fibonacci numbers, and a sensor event stream with readers. Each has a
 * {@code main} (URI and token from the command line or TUPLESPACE_URI / TUPLESPACE_TOKEN).
 */
@NullMarked
package dev.msgsuite.tuplespace.samples;

import org.jspecify.annotations.NullMarked;
