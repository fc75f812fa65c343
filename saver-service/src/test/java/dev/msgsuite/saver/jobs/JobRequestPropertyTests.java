package dev.msgsuite.saver.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.saver.HostileJson;
import dev.msgsuite.saver.SaverProperties;
import dev.msgsuite.saver.limits.JsonLimits;
import dev.msgsuite.testsupport.JsonMutations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever body arrives at {@code POST /api/jobs}, reading and validating it gives a valid job
 * or the documented refusal (a JSON error, which is a 400, or a list of problems, also a
 * 400), never another exception, and costs a small multiple of the body: answer sets are read
 * into a byte each, not into lists of boxed numbers.
 */
class JobRequestPropertyTests {

    private static final SaverProperties.Limits LIMITS = HostileJson.defaultLimits();

    private static final JsonMapper JSON = JsonLimits.mapper(LIMITS);

    private static final Election ELECTION = new Election("e", "E",
            IntStream.range(0, 6).mapToObj(i -> new Election.Statement("s" + i, null, null)).toList(),
            List.of(new Election.Party("a", null, List.of(0, 1, 2, -1, -2, 0)), new Election.Party("b", null, List.of(2, 2, 2, 2, 2, 2))));

    static {
        JSON.readValue("{\"electionId\":\"e\",\"answerSets\":[[0,1,2,-1,-2,null]],\"batchSize\":1}", JobRequest.class);
    }

    /** Answer sets cost a byte per answer (plus doubling while growing); other fields are small. */
    private static final long ALLOCATION_PER_BODY_BYTE = 48;

    @Property(tries = 1500)
    void mutatedJobsAreAValidJobOrRefused(@ForAll("mutatedJobs") String body) {
        readAndValidate(body);
    }

    @Property(tries = 300)
    void validJobsAreAccepted(@ForAll("jobs") String body) {
        JobRequest request = JSON.readValue(body, JobRequest.class);
        assertThat(request.problems(ELECTION, 1_000_000, LIMITS.maxJobAnswers(), 100)).isEmpty();
        JobRequest.Slice first = request.answers(ELECTION).batch(0, 1);
        assertThat(first.answers().length).isGreaterThanOrEqualTo(ELECTION.statements().size());
    }

    @Property(tries = 200)
    void jobsBeyondTheAnswerOrMessageLimitsAreRefusedBeforeAnythingIsMade(
            @ForAll("statementCounts") int statements, @ForAll("partyCounts") int parties) {
        Election large = new Election("large", "Large",
                IntStream.range(0, statements).mapToObj(i -> new Election.Statement("s" + i, null, null)).toList(),
                IntStream.range(0, parties).mapToObj(p -> new Election.Party("p" + p, null, java.util.Collections.nCopies(statements, 0)))
                        .toList());
        JobRequest huge = new JobRequest("large", null, 1_000_000, 1L, ComputeCodec.MAX_ANSWER_SETS_PER_MESSAGE);

        List<String> problems = HostileJson.withinAllocation(0, 0, () -> huge.problems(large, 1_000_000, LIMITS.maxJobAnswers(), 100));

        boolean tooManyAnswers = 1_000_000L * statements > LIMITS.maxJobAnswers();
        boolean batchTooLarge = (long) ComputeCodec.MAX_ANSWER_SETS_PER_MESSAGE * statements > ComputeCodec.MAX_ANSWERS_PER_MESSAGE
                || (long) ComputeCodec.MAX_ANSWER_SETS_PER_MESSAGE * (parties + 2) > ComputeCodec.MAX_RESULT_VALUES_PER_MESSAGE;
        assertThat(problems.isEmpty()).isEqualTo(!tooManyAnswers && !batchTooLarge);
        if (tooManyAnswers) {
            assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("saver.limits.max-job-answers"));
        }
        if (batchTooLarge) {
            assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("batchSize may be at most "
                    + JobRequest.largestBatch(statements, parties)));
        }
    }

    private static void readAndValidate(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HostileJson.withinAllocation(bytes.length, ALLOCATION_PER_BODY_BYTE, () -> {
            JobRequest request;
            try {
                request = JSON.readValue(bytes, JobRequest.class);
            }
            catch (JacksonException refused) {
                return null;
            }
            if (request == null || request.electionId() == null) {
                return null;
            }
            List<String> problems = request.problems(ELECTION, 1_000_000, LIMITS.maxJobAnswers(), 100);
            if (problems.isEmpty()) {
                assertThat(request.total()).isBetween(1, 1_000_000);
                request.answers(ELECTION).batch(0, 1);
            }
            return problems;
        });
    }

    @Provide
    Arbitrary<String> mutatedJobs() {
        return JsonMutations.mutated(jobs());
    }

    @Provide
    Arbitrary<String> jobs() {
        Arbitrary<String> answer = Arbitraries.of("-2", "-1", "0", "1", "2", "null");
        Arbitrary<String> answerSet = answer.list().ofSize(ELECTION.statements().size()).map(answers -> "[" + String.join(",", answers) + "]");
        Arbitrary<String> given = Combinators.combine(answerSet.list().ofMinSize(1).ofMaxSize(40),
                Arbitraries.integers().between(1, 500)).as((sets, batch) -> "{\"electionId\":\"e\",\"answerSets\":["
                        + String.join(",", sets) + "],\"batchSize\":" + batch + "}");
        Arbitrary<String> generated = Combinators.combine(Arbitraries.integers().between(1, 5000), Arbitraries.longs())
                .as((n, seed) -> "{\"electionId\":\"e\",\"generate\":" + n + ",\"seed\":" + seed + "}");
        return Arbitraries.oneOf(given, generated);
    }

    @Provide
    Arbitrary<Integer> statementCounts() {
        return Arbitraries.integers().between(1, Election.MAX_STATEMENTS);
    }

    @Provide
    Arbitrary<Integer> partyCounts() {
        return Arbitraries.integers().between(1, Election.MAX_PARTIES);
    }
}
