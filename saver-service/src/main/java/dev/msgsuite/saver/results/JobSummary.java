package dev.msgsuite.saver.results;

import dev.msgsuite.contracts.compute.ComputeResult;
import java.util.Arrays;
import java.util.List;

/**
 * What a job's results say per party, as sums that results add to in any order and to the
 * same total: integer counts, and agreement in millionths of a percent (each answer set's
 * agreement rounded half up to 6 decimals), so the summary kept while results arrive equals a
 * recomputation from the stored rows exactly.
 *
 * @param jobId the job
 * @param electionId its election
 * @param total answer sets of the job
 * @param done answer sets whose result is stored
 * @param complete whether nothing more will arrive (done, failed and cancelled make the total)
 * @param parties per party, in election order
 */
public record JobSummary(String jobId, String electionId, int total, long done, boolean complete, List<Party> parties) {

    /** Histogram buckets: 0-10, 10-20, ..., 90-100 percent agreement. */
    public static final int BUCKETS = 10;

    /** An answer set's agreement with a party, in millionths of a percent, rounded half up. */
    public static long agreementMicros(int points, int maxPoints) {
        return maxPoints == 0 ? 0 : (points * 100_000_000L + maxPoints / 2) / maxPoints;
    }

    /** The histogram bucket of an answer set's agreement (exact: integer arithmetic). */
    public static int bucket(int points, int maxPoints) {
        return maxPoints == 0 ? 0 : Math.min(BUCKETS - 1, (int) (points * 10L / maxPoints));
    }

    /** The party first in the answer set's ranking: most points, ties in election order. */
    public static int first(int[] points, int offset, int parties) {
        int best = 0;
        for (int p = 1; p < parties; p++) {
            if (points[offset + p] > points[offset + best]) {
                best = p;
            }
        }
        return best;
    }

    /**
     * @param partyId the party's id, or {@code #index} when the election does not name it
     * @param name the party's name
     * @param answerSets answer sets counted
     * @param meanAgreement mean agreement in percent (0 when none is counted)
     * @param firstPlaces answer sets that rank this party first
     * @param firstPlaceShare {@code firstPlaces} per answer set counted, 0..1
     * @param histogram answer sets per agreement bucket: [0,10), [10,20), ..., [90,100]
     */
    public record Party(String partyId, String name, long answerSets, double meanAgreement, long firstPlaces,
            double firstPlaceShare, long[] histogram) {
    }

    /** What a batch of results adds, per party of one job. */
    static final class Delta {

        long done;

        long failed;

        long cancelled;

        long[] answerSets = new long[0];

        long[] agreementMicros = new long[0];

        long[] firstPlaces = new long[0];

        long[][] histogram = new long[0][];

        int parties() {
            return this.answerSets.length;
        }

        void add(ComputeResult result) {
            int parties = result.parties();
            grow(parties);
            int[] points = result.points();
            int[] maxPoints = result.maxPoints();
            for (int i = 0; i < result.computed(); i++) {
                int offset = i * parties;
                for (int p = 0; p < parties; p++) {
                    this.answerSets[p]++;
                    this.agreementMicros[p] += agreementMicros(points[offset + p], maxPoints[i]);
                    this.histogram[p][bucket(points[offset + p], maxPoints[i])]++;
                }
                if (parties > 0) {
                    this.firstPlaces[first(points, offset, parties)]++;
                }
            }
            this.done += result.computed();
        }

        private void grow(int parties) {
            if (parties <= this.answerSets.length) {
                return;
            }
            int had = this.answerSets.length;
            this.answerSets = Arrays.copyOf(this.answerSets, parties);
            this.agreementMicros = Arrays.copyOf(this.agreementMicros, parties);
            this.firstPlaces = Arrays.copyOf(this.firstPlaces, parties);
            this.histogram = Arrays.copyOf(this.histogram, parties);
            for (int p = had; p < parties; p++) {
                this.histogram[p] = new long[BUCKETS];
            }
        }
    }
}
