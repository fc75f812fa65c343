/** Dead letters: listed with their reasons and replayed to their queues by operators, read in place. */
@NullMarked
package dev.msgsuite.saver.deadletters;

import org.jspecify.annotations.NullMarked;
