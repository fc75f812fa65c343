/** Jobs: taking batches from the work queue, matching them, publishing results with confirms. */
@NullMarked
package dev.msgsuite.compute.jobs;

import org.jspecify.annotations.NullMarked;
