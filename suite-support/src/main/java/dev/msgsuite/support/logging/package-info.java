/** Logging of client-supplied text without letting clients forge or flood log lines. */
@NullMarked
package dev.msgsuite.support.logging;

import org.jspecify.annotations.NullMarked;
