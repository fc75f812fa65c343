/** Limits on what a client or message may cost: request bodies, JSON, refusals counted. */
@NullMarked
package dev.msgsuite.saver.limits;

import org.jspecify.annotations.NullMarked;
