/** The compute nodes known from heartbeats and replies. */
@NullMarked
package dev.msgsuite.saver.nodes;

import org.jspecify.annotations.NullMarked;
