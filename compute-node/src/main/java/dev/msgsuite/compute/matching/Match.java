package dev.msgsuite.compute.matching;

/**
 * The match of one answer set against every party.
 *
 * @param index job-wide index of the answer set
 * @param answered statements the user had an opinion on
 * @param maxPoints points of full agreement (0 when nothing was answered)
 * @param points agreement points per party, in election order
 * @param agreement per party in election order, 0..100 percent (0 when nothing was answered)
 * @param ranking party indexes, best agreement first, ties in election order
 */
public record Match(int index, int answered, int maxPoints, int[] points, double[] agreement, int[] ranking) {
}
