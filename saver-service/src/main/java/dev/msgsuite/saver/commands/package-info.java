/** Commands to the whole fleet over the fanout, and gathering their replies. */
@NullMarked
package dev.msgsuite.saver.commands;

import org.jspecify.annotations.NullMarked;
