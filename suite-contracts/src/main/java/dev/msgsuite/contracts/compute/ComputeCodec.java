package dev.msgsuite.contracts.compute;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The compact wire format of job and result messages: a version byte, the envelope fields,
 * then the answer sets as one signed byte per answer and the results as unsigned 16-bit
 * integers, big-endian. A job of 100 answer sets to 30 statements is about 3 KB instead of
 * 7 KB of JSON, and is read and written without parsing a number per answer. JSON bodies
 * ({@code application/json}) of the same records stay accepted by the consumers, for tools
 * and hand-made messages. Layouts: docs/compute.md. Stateless and thread-safe; bytes only, no
 * broker types ({@code dev.msgsuite.contracts.ComputeMessages} wraps them for RabbitMQ).
 */
public final class ComputeCodec {

    /** Content type of a {@link ComputeJob} in this format. */
    public static final String JOB_CONTENT_TYPE = "application/vnd.msgsuite.compute-job.v1";

    /** Content type of a {@link ComputeResult} in this format. */
    public static final String RESULT_CONTENT_TYPE = "application/vnd.msgsuite.compute-result.v1";

    /** Most answer sets one job or result message carries. */
    public static final int MAX_ANSWER_SETS_PER_MESSAGE = 10_000;

    /**
     * Most answers one job message carries, answer sets times statements: 1 MB in this
     * format, 4 MB once decoded.
     */
    public static final int MAX_ANSWERS_PER_MESSAGE = 1_000_000;

    /**
     * Most values one result message carries, answer sets times (parties + 2): 1 MB in this
     * format, 2 MB once decoded.
     */
    public static final int MAX_RESULT_VALUES_PER_MESSAGE = 500_000;

    private static final byte VERSION = 1;

    private static final int MAX_UNSIGNED_16 = 0xFFFF;

    private static final int NULL_STRING = 0xFFFF;

    private ComputeCodec() {
    }

    /**
     * Encodes a job whose answer sets all have the same length and hold answers that fit a
     * byte (-2..+2 and {@link ComputeJob#NO_OPINION} do).
     *
     * @throws IllegalArgumentException for ragged answer sets or an answer outside -128..127
     */
    public static byte[] encodeJob(ComputeJob job) {
        int[][] answerSets = job.answers();
        int statements = answerSets.length == 0 ? 0 : answerSets[0].length;
        byte[] answers = new byte[answerSets.length * statements];
        for (int i = 0; i < answerSets.length; i++) {
            if (answerSets[i].length != statements) {
                throw new IllegalArgumentException("answer sets of one job message must have the same length");
            }
            for (int s = 0; s < statements; s++) {
                int answer = answerSets[i][s];
                if (answer != (byte) answer) {
                    throw new IllegalArgumentException("answer " + answer + " does not fit the job format");
                }
                answers[i * statements + s] = (byte) answer;
            }
        }
        return encodeJob(job.jobId(), job.batchIndex(), job.electionId(), job.firstIndex(), statements, answers, 0,
                answerSets.length);
    }

    /**
     * Encodes a job straight from answers kept one byte each, answer set after answer set, as
     * a coordinator holding a large job does: no int array per answer set.
     *
     * @param answers {@code statements} bytes per answer set
     * @param fromAnswerSet the first answer set of {@code answers} this job message carries
     * @param count how many it carries
     */
    public static byte[] encodeJob(String jobId, int batchIndex, String electionId, int firstIndex, int statements,
            byte[] answers, int fromAnswerSet, int count) {
        if (statements < 0 || statements > MAX_UNSIGNED_16) {
            throw new IllegalArgumentException("0.." + MAX_UNSIGNED_16 + " answers per answer set");
        }
        byte[] jobIdBytes = utf8(jobId);
        byte[] electionIdBytes = utf8(electionId);
        ByteBuffer out = ByteBuffer.allocate(1 + 2 + jobIdBytes.length + 4 + 2 + electionIdBytes.length + 4 + 4 + 2
                + count * statements);
        out.put(VERSION);
        putString(out, jobIdBytes);
        out.putInt(batchIndex);
        putString(out, electionIdBytes);
        out.putInt(firstIndex);
        out.putInt(count);
        out.putShort((short) statements);
        out.put(answers, fromAnswerSet * statements, count * statements);
        return out.array();
    }

    /** @throws MalformedMessageException when the bytes are not a job in this format */
    public static ComputeJob decodeJob(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            expectVersion(in, "job");
            String jobId = getString(in);
            int batchIndex = in.getInt();
            String electionId = getString(in);
            int firstIndex = in.getInt();
            int count = in.getInt();
            int statements = Short.toUnsignedInt(in.getShort());
            checkJobSize(count, statements);
            if ((long) count * statements != in.remaining()) {
                throw new MalformedMessageException("job: " + count + " answer sets of " + statements + " answers need "
                        + (long) count * statements + " bytes, " + in.remaining() + " follow");
            }
            int[][] answers = new int[count][statements];
            for (int[] answerSet : answers) {
                for (int s = 0; s < statements; s++) {
                    answerSet[s] = in.get();
                }
            }
            return new ComputeJob(jobId, batchIndex, electionId, firstIndex, answers);
        }
        catch (BufferUnderflowException ex) {
            throw new MalformedMessageException("job: truncated after " + in.position() + " of " + body.length + " bytes");
        }
    }

    /**
     * Encodes a result; its columns must be consistent ({@link ComputeResult#problems()}
     * empty) and hold values up to 65535, which every valid election keeps to.
     *
     * @throws IllegalArgumentException for a value that does not fit
     */
    public static byte[] encodeResult(ComputeResult result) {
        byte[] jobId = utf8(result.jobId());
        byte[] electionId = utf8(result.electionId());
        byte[] nodeId = utf8(result.nodeId());
        byte[] error = result.error() == null ? null : utf8(truncate(result.error()));
        int count = result.computed();
        ByteBuffer out = ByteBuffer.allocate(1 + 2 + jobId.length + 4 + 2 + electionId.length + 2 + nodeId.length + 4 + 2
                + 4 + 4 + 2 + (error == null ? 0 : error.length) + 2 * (2 * count + result.points().length));
        out.put(VERSION);
        putString(out, jobId);
        out.putInt(result.batchIndex());
        putString(out, electionId);
        putString(out, nodeId);
        out.putInt(result.firstIndex());
        out.putShort(unsigned16(result.parties(), "parties"));
        out.putInt(count);
        out.putInt(result.failed());
        if (error == null) {
            out.putShort((short) NULL_STRING);
        }
        else {
            putString(out, error);
        }
        for (int value : result.answered()) {
            out.putShort(unsigned16(value, "answered"));
        }
        for (int value : result.maxPoints()) {
            out.putShort(unsigned16(value, "maxPoints"));
        }
        for (int value : result.points()) {
            out.putShort(unsigned16(value, "points"));
        }
        return out.array();
    }

    /**
     * Decodes a result's bytes; whether its columns fit together is for
     * {@link ComputeResult#problems()} to say.
     *
     * @throws MalformedMessageException when the bytes are not a result in this format
     */
    public static ComputeResult decodeResult(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            expectVersion(in, "result");
            String jobId = getString(in);
            int batchIndex = in.getInt();
            String electionId = getString(in);
            String nodeId = getString(in);
            int firstIndex = in.getInt();
            int parties = Short.toUnsignedInt(in.getShort());
            int count = in.getInt();
            int failed = in.getInt();
            String error = getNullableString(in);
            long values = checkResultSize(count, parties, failed);
            if (values * 2 != in.remaining()) {
                throw new MalformedMessageException("result: " + count + " answer sets of " + parties + " parties need "
                        + values * 2 + " bytes, " + in.remaining() + " follow");
            }
            int[] answered = unsigned16s(in, count);
            int[] maxPoints = unsigned16s(in, count);
            int[] points = unsigned16s(in, count * parties);
            return new ComputeResult(jobId, batchIndex, electionId, nodeId, firstIndex, parties, answered, maxPoints, points,
                    failed, error);
        }
        catch (BufferUnderflowException ex) {
            throw new MalformedMessageException("result: truncated after " + in.position() + " of " + body.length + " bytes");
        }
    }

    /**
     * Refuses a job message's shape before anything is allocated for it: 1 to
     * {@value #MAX_ANSWER_SETS_PER_MESSAGE} answer sets of 1 to {@value Election#MAX_STATEMENTS}
     * answers, at most {@value #MAX_ANSWERS_PER_MESSAGE} answers in all.
     *
     * @throws MalformedMessageException naming the limit exceeded
     */
    public static void checkJobSize(long answerSets, long statements) {
        if (answerSets < 1 || answerSets > MAX_ANSWER_SETS_PER_MESSAGE) {
            throw new MalformedMessageException("job: " + answerSets + " answer sets, a message holds 1.." + MAX_ANSWER_SETS_PER_MESSAGE);
        }
        if (statements < 1 || statements > Election.MAX_STATEMENTS) {
            throw new MalformedMessageException("job: " + statements + " answers per answer set, elections have 1.." + Election.MAX_STATEMENTS);
        }
        if (answerSets * statements > MAX_ANSWERS_PER_MESSAGE) {
            throw new MalformedMessageException("job: " + answerSets + " answer sets of " + statements + " answers, a message holds at most "
                    + MAX_ANSWERS_PER_MESSAGE + " answers");
        }
    }

    /**
     * Refuses a result message's shape before anything is allocated for it: at most
     * {@value #MAX_ANSWER_SETS_PER_MESSAGE} answer sets, {@value Election#MAX_PARTIES} parties and
     * {@value #MAX_RESULT_VALUES_PER_MESSAGE} values (answer sets times (parties + 2)).
     *
     * @return the number of values the message carries
     * @throws MalformedMessageException naming the limit exceeded
     */
    public static long checkResultSize(long answerSets, long parties, long failed) {
        if (answerSets < 0 || answerSets > MAX_ANSWER_SETS_PER_MESSAGE || failed < 0 || failed > MAX_ANSWER_SETS_PER_MESSAGE) {
            throw new MalformedMessageException("result: " + answerSets + " answer sets and " + failed
                    + " failed, a message holds 0.." + MAX_ANSWER_SETS_PER_MESSAGE + " of each");
        }
        if (parties < 0 || parties > Election.MAX_PARTIES) {
            throw new MalformedMessageException("result: " + parties + " parties, elections have 1.." + Election.MAX_PARTIES);
        }
        long values = answerSets * (parties + 2);
        if (values > MAX_RESULT_VALUES_PER_MESSAGE) {
            throw new MalformedMessageException("result: " + answerSets + " answer sets of " + parties + " parties, a message holds at most "
                    + MAX_RESULT_VALUES_PER_MESSAGE + " values");
        }
        return values;
    }

    private static void expectVersion(ByteBuffer in, String what) {
        byte version = in.get();
        if (version != VERSION) {
            throw new MalformedMessageException(what + ": format version " + version + ", expected " + VERSION);
        }
    }

    private static int[] unsigned16s(ByteBuffer in, int count) {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = Short.toUnsignedInt(in.getShort());
        }
        return values;
    }

    private static short unsigned16(int value, String what) {
        if (value < 0 || value > MAX_UNSIGNED_16) {
            throw new IllegalArgumentException(what + " " + value + " does not fit the result format (0.." + MAX_UNSIGNED_16 + ")");
        }
        return (short) value;
    }

    private static byte[] utf8(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= NULL_STRING) {
            throw new IllegalArgumentException("a string of the compute format holds at most " + (NULL_STRING - 1) + " bytes");
        }
        return bytes;
    }

    private static String truncate(String error) {
        return error.length() <= 2000 ? error : error.substring(0, 1997) + "...";
    }

    private static void putString(ByteBuffer out, byte[] utf8) {
        out.putShort((short) utf8.length);
        out.put(utf8);
    }

    private static String getString(ByteBuffer in) {
        String value = getNullableString(in);
        if (value == null) {
            throw new MalformedMessageException("a required string is missing at byte " + in.position());
        }
        return value;
    }

    private static @Nullable String getNullableString(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        if (length == NULL_STRING) {
            return null;
        }
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The bytes are not a message in this format; the message says where they went wrong. */
    public static final class MalformedMessageException extends RuntimeException {

        public MalformedMessageException(String message) {
            super(message);
        }
    }
}
