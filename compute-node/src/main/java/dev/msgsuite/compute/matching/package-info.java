/** The voting-advice computation: agreement of an answer set with each party, and the ranking. */
@NullMarked
package dev.msgsuite.compute.matching;

import org.jspecify.annotations.NullMarked;
