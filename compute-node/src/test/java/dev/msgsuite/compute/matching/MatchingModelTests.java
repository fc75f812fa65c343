package dev.msgsuite.compute.matching;

import static dev.msgsuite.contracts.compute.ComputeJob.NO_OPINION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.contracts.compute.Election.Party;
import dev.msgsuite.contracts.compute.Election.Statement;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatchingModelTests {

    private static final Election ELECTION = new Election("e2026", "Test election",
            List.of(new Statement("s1", "Taxes up", null), new Statement("s2", "More trains", 2),
                    new Statement("s3", "Nuclear", 1)),
            List.of(new Party("left", "Left", List.of(2, 2, -2)), new Party("right", "Right", List.of(-2, -1, 2)),
                    new Party("centre", "Centre", List.of(0, 1, 0))));

    private final MatchingModel model = MatchingModel.compile(ELECTION);

    @Test
    void identicalAnswersAgreeFullyWithThatParty() {
        Match match = this.model.match(0, new int[] { 2, 2, -2 }, this.model.newScratch());

        assertThat(match.agreement()[0]).isEqualTo(100.0);
        assertThat(match.ranking()[0]).isZero();
        assertThat(match.answered()).isEqualTo(3);
    }

    @Test
    void agreementIsWeightedDistanceOverTheAnsweredStatements() {
        // answers 1, 0, no opinion: weights 1, 2 (third skipped), so 4 * 3 = 12 points possible
        Match match = this.model.match(7, new int[] { 1, 0, NO_OPINION }, this.model.newScratch());

        // left: 1*(4-1) + 2*(4-2) = 7; right: 1*(4-3) + 2*(4-1) = 7; centre: 1*(4-1) + 2*(4-1) = 9
        assertThat(match.index()).isEqualTo(7);
        assertThat(match.answered()).isEqualTo(2);
        assertThat(match.maxPoints()).isEqualTo(12);
        assertThat(match.points()).containsExactly(7, 7, 9);
        assertThat(match.agreement()).containsExactly(700.0 / 12, 700.0 / 12, 900.0 / 12);
        assertThat(match.ranking()).containsExactly(2, 0, 1);
    }

    @Test
    void anElectionFromAMessageIsRefusedByItsSizesBeforeItsPositionsAreExamined() {
        Election huge = new Election("e1", "E1", List.of(new Statement("s1", null, null)),
                List.of(new Party("a", null, java.util.Collections.nCopies(1_000_000, 9))));

        assertThatIllegalArgumentException().isThrownBy(() -> MatchingModel.compile(huge))
                .withMessage("Invalid election e1: parties[0].positions has 1000000 positions for 1 statements");
    }

    @Test
    void aRefusalNamesTheFirstProblemsAndCountsTheRest() {
        Election wrong = new Election("e1", "E1", List.of(new Statement("s1", null, null)),
                java.util.stream.IntStream.range(0, 25).mapToObj(p -> new Party("p" + p, null, List.of(9))).toList());

        assertThatIllegalArgumentException().isThrownBy(() -> MatchingModel.compile(wrong))
                .withMessageStartingWith("Invalid election e1: parties[0].positions[0] must be -2..2;")
                // Election.problems() stops at MAX_PROBLEMS (20); the first ten are named
                .withMessageEndingWith("; and " + (Election.MAX_PROBLEMS - 10) + " more");
    }

    @Test
    void tiesKeepElectionOrder() {
        Match match = this.model.match(0, new int[] { 0, NO_OPINION, 0 }, this.model.newScratch());

        // left 2 + 2, right 2 + 2, centre 4 + 4
        assertThat(match.ranking()).containsExactly(2, 0, 1);
    }

    @Test
    void noOpinionAnywhereGivesZeroAgreementAndElectionOrder() {
        Match match = this.model.match(0, new int[] { NO_OPINION, NO_OPINION, NO_OPINION }, this.model.newScratch());

        assertThat(match.answered()).isZero();
        assertThat(match.agreement()).containsExactly(0.0, 0.0, 0.0);
        assertThat(match.ranking()).containsExactly(0, 1, 2);
    }

    @Test
    void reusedScratchGivesTheSameResultAsAFreshOne() {
        MatchingModel.Scratch scratch = this.model.newScratch();
        this.model.match(0, new int[] { -2, -2, 2 }, scratch);

        Match reused = this.model.match(1, new int[] { 1, NO_OPINION, 0 }, scratch);
        Match fresh = this.model.match(1, new int[] { 1, NO_OPINION, 0 }, this.model.newScratch());

        assertThat(reused.agreement()).containsExactly(fresh.agreement());
        assertThat(reused.ranking()).containsExactly(fresh.ranking());
    }

    @Test
    void matchesANaiveReferenceOnRandomElections() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int statements = 1 + random.nextInt(40);
            int parties = 1 + random.nextInt(12);
            List<Statement> statementList = new java.util.ArrayList<>();
            for (int s = 0; s < statements; s++) {
                statementList.add(new Statement("s" + s, null, random.nextBoolean() ? null : 1 + random.nextInt(10)));
            }
            List<Party> partyList = new java.util.ArrayList<>();
            for (int p = 0; p < parties; p++) {
                partyList.add(new Party("p" + p, null, random.ints(statements, -2, 3).boxed().toList()));
            }
            Election election = new Election("r" + round, "random", statementList, partyList);
            int[] answers = random.ints(statements, -2, 4).map(a -> a == 3 ? NO_OPINION : a).toArray();

            Match match = MatchingModel.compile(election).match(0, answers, MatchingModel.compile(election).newScratch());

            assertThat(match.agreement()).containsExactly(naiveAgreement(election, answers));
        }
    }

    @Test
    void scoringABatchInColumnsGivesEachAnswerSetsOwnMatch() {
        Random random = new Random(7);
        int[][] answerSets = new int[50][];
        for (int i = 0; i < answerSets.length; i++) {
            answerSets[i] = random.ints(3, -2, 4).map(a -> a == 3 ? NO_OPINION : a).toArray();
        }
        int[] answered = new int[answerSets.length];
        int[] maxPoints = new int[answerSets.length];
        int[] points = new int[answerSets.length * 3];

        this.model.scoreAll(answerSets, answered, maxPoints, points, this.model.newScratch());

        for (int i = 0; i < answerSets.length; i++) {
            Match single = this.model.match(i, answerSets[i], this.model.newScratch());
            assertThat(answered[i]).isEqualTo(single.answered());
            assertThat(maxPoints[i]).isEqualTo(single.maxPoints());
            assertThat(java.util.Arrays.copyOfRange(points, i * 3, i * 3 + 3)).containsExactly(single.points());
        }
    }

    @Test
    void rejectsAnswerSetsThatDoNotFitTheElection() {
        assertThat(this.model.problemWith(new int[] { 0, 0 })).contains("2 answers for 3 statements");
        assertThat(this.model.problemWith(new int[] { 0, 3, 0 })).contains("answer 1 is 3");
        assertThat(this.model.problemWith(new int[] { -3, 0, 0 })).contains("answer 0 is -3");
        assertThat(this.model.problemWith(null)).contains("missing");
        assertThat(this.model.problemWith(new int[] { NO_OPINION, 2, -2 })).isNull();
    }

    @Test
    void refusesToCompileAnInvalidElection() {
        Election broken = new Election("bad", "Bad", List.of(new Statement("s1", null, null)),
                List.of(new Party("p", null, List.of(3))));

        assertThatIllegalArgumentException().isThrownBy(() -> MatchingModel.compile(broken))
                .withMessageContaining("parties[0].positions[0] must be -2..2");
    }

    private static double[] naiveAgreement(Election election, int[] answers) {
        double[] agreement = new double[election.parties().size()];
        for (int p = 0; p < agreement.length; p++) {
            long points = 0;
            long possible = 0;
            for (int s = 0; s < answers.length; s++) {
                if (answers[s] != NO_OPINION) {
                    int weight = election.statements().get(s).effectiveWeight();
                    points += (long) weight * (4 - Math.abs(answers[s] - election.parties().get(p).positions().get(s)));
                    possible += 4L * weight;
                }
            }
            agreement[p] = possible == 0 ? 0.0 : points * 100.0 / possible;
        }
        return agreement;
    }
}
