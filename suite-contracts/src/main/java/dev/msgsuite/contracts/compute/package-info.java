/**
 * Message records of the compute pipeline (voting-advice matching): elections, commands to
 * the compute-node fleet and their replies, heartbeats, jobs and results, and node statuses.
 * Jobs and results travel in {@link dev.msgsuite.contracts.compute.ComputeCodec}'s compact binary
 * format (JSON bodies stay accepted); everything else travels as JSON.
 */
@NullMarked
package dev.msgsuite.contracts.compute;

import org.jspecify.annotations.NullMarked;
