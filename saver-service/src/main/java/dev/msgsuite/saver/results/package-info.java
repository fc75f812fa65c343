/** Results: drained from the durable results queue into the database in batches, served in pages. */
@NullMarked
package dev.msgsuite.saver.results;

import org.jspecify.annotations.NullMarked;
