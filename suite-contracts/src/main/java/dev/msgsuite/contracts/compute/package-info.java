/**
 * Message records of the compute pipeline (voting-advice matching): elections, commands to
 * the compute-node fleet and their replies, heartbeats, jobs and results. All travel as JSON.
 */
@NullMarked
package dev.msgsuite.contracts.compute;

import org.jspecify.annotations.NullMarked;
