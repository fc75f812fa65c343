/** Jobs: submission into batches on the durable jobs queue, and progress. */
@NullMarked
package dev.msgsuite.saver.jobs;

import org.jspecify.annotations.NullMarked;
