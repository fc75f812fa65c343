package dev.msgsuite.contracts.compute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.compute.Election.Party;
import dev.msgsuite.contracts.compute.Election.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElectionTests {

    @Test
    void aWellFormedElectionHasNoProblems() {
        Election election = new Election("nl-2026", "Tweede Kamer", List.of(new Statement("s1", "text", null),
                new Statement("s2", null, 3)), List.of(new Party("a", "A", List.of(-2, 2)), new Party("b", null, List.of(0, 1))));

        assertThat(election.problems()).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        Election election = new Election("Not Valid!", " ",
                List.of(new Statement("s1", null, 0), new Statement("s1", null, 11)),
                List.of(new Party("a", null, List.of(1)), new Party("a", null, Arrays.asList(3, null))));

        assertThat(election.problems()).containsExactlyInAnyOrder(
                "id must match [a-z0-9][a-z0-9._-]{0,63}",
                "name must not be blank",
                "statements[0].weight must be 1..10 (or absent for 1)",
                "statements[1].id 's1' is not unique",
                "statements[1].weight must be 1..10 (or absent for 1)",
                "parties[0].positions has 1 positions for 2 statements",
                "parties[1].id 'a' is not unique",
                "parties[1].positions[0] must be -2..2",
                "parties[1].positions[1] must be -2..2");
    }

    @Test
    void aHostileElectionGetsABoundedListOfProblems() {
        List<Integer> manyBadPositions = java.util.Collections.nCopies(1_000_000, 7);
        List<Party> parties = java.util.Collections.nCopies(150, new Party("p", null, List.of(7, 7)));
        Election tooMany = new Election("e", "E", List.of(new Statement("s1", null, null)), List.of(new Party("a", null, manyBadPositions)));
        Election manyBad = new Election("e", "E", List.of(new Statement("s1", null, null), new Statement("s2", null, null)), parties);

        assertThat(tooMany.problems()).containsExactly("parties[0].positions has 1000000 positions for 1 statements");
        assertThat(manyBad.problems()).hasSizeLessThanOrEqualTo(Election.MAX_PROBLEMS + 1);
    }

    @Test
    void reportsMissingPartsInsteadOfFailing() {
        Election election = new Election(null, null, null, null);

        assertThat(election.problems()).hasSize(4);
    }

    @Test
    void resultIdsAreUniquePerJobAndAnswerSet() {
        assertThat(ComputeResult.resultId("job", 1)).isNotEqualTo(ComputeResult.resultId("job", 11))
                .isNotEqualTo(ComputeResult.resultId("job1", 1));
    }
}
