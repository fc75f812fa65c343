package dev.msgsuite.saver.jobs;

import dev.msgsuite.contracts.compute.ComputeJob;
import dev.msgsuite.contracts.compute.Election;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The answer sets of a submitted job, read from JSON straight into one byte per answer,
 * answer set after answer set: no list or boxed number per answer, so what a request costs is
 * a small multiple of its body (bounded by {@code saver.limits.max-request-body}) instead of
 * about 40 bytes per answer. What is wrong with them is collected while reading, up to
 * {@value #MAX_PROBLEMS} problems; once something is wrong the answers are not kept.
 *
 * @param answers {@code width} bytes per answer set (-2..2, {@link ComputeJob#NO_OPINION}),
 * empty once a problem was found
 * @param count answer sets read
 * @param width answers in the first answer set
 * @param ragged answer sets whose length differs from the first one's: index and length (-1 for
 * something not an array), at most {@value #MAX_PROBLEMS}
 * @param problems answers that are not -2..2 or null, at most {@value #MAX_PROBLEMS}
 */
@JsonDeserialize(using = AnswerSets.Reader.class)
record AnswerSets(byte[] answers, int count, int width, List<int[]> ragged, List<String> problems) {

    static final int MAX_PROBLEMS = 20;

    /** Whether every answer set has the same length and every answer is valid. */
    boolean wellFormed() {
        return this.ragged.isEmpty() && this.problems.isEmpty();
    }

    static final class Reader extends ValueDeserializer<AnswerSets> {

        @Override
        public AnswerSets deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw MismatchedInputException.from(parser, AnswerSets.class, "answerSets must be an array of arrays");
            }
            byte[] answers = new byte[256];
            int size = 0;
            int count = 0;
            int width = -1;
            List<int[]> ragged = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                int index = count++;
                if (token != JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    if (ragged.size() < MAX_PROBLEMS) {
                        ragged.add(new int[] { index, -1 });
                    }
                    answers = null;
                    continue;
                }
                int length = 0;
                for (JsonToken answer = parser.nextToken(); answer != JsonToken.END_ARRAY; answer = parser.nextToken()) {
                    int s = length++;
                    byte value;
                    if (answer == JsonToken.VALUE_NULL) {
                        value = ComputeJob.NO_OPINION;
                    }
                    else if (answer == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                            && parser.getIntValue() >= Election.MIN_POSITION && parser.getIntValue() <= Election.MAX_POSITION) {
                        value = (byte) parser.getIntValue();
                    }
                    else {
                        parser.skipChildren();
                        if (problems.size() < MAX_PROBLEMS) {
                            problems.add("answerSets[" + index + "][" + s + "] must be -2..2 or null (no opinion)");
                        }
                        answers = null;
                        continue;
                    }
                    if (answers != null) {
                        if (size == answers.length) {
                            answers = Arrays.copyOf(answers, answers.length * 2);
                        }
                        answers[size++] = value;
                    }
                }
                if (width < 0) {
                    width = length;
                }
                else if (length != width) {
                    if (ragged.size() < MAX_PROBLEMS) {
                        ragged.add(new int[] { index, length });
                    }
                    answers = null;
                }
            }
            return new AnswerSets(answers == null ? new byte[0] : Arrays.copyOf(answers, size), count, Math.max(width, 0),
                    List.copyOf(ragged), List.copyOf(problems));
        }
    }
}
