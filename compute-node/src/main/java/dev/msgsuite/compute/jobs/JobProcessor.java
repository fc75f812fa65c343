package dev.msgsuite.compute.jobs;

import dev.msgsuite.compute.matching.MatchingModel;
import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.ComputeJob;
import dev.msgsuite.contracts.compute.ComputeResult;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the bytes of one job message into a result, or into the reason it is poison.
 * No I/O besides the election lookup, so it is tested without a broker.
 */
public final class JobProcessor {

    /**
     * Largest JSON job body read: the largest job message's answers, a few characters each.
     * Checked before parsing, so a huge body costs nothing but its refusal.
     */
    static final int MAX_JSON_JOB_BYTES = 4 * ComputeCodec.MAX_ANSWERS_PER_MESSAGE;

    private final JsonMapper json;

    private final ElectionCatalog elections;

    private final String nodeId;

    private final Predicate<String> cancelled;

    public JobProcessor(JsonMapper json, ElectionCatalog elections, String nodeId) {
        this(json, elections, nodeId, jobId -> false);
    }

    /** @param cancelled whether a job was cancelled: its batches are skipped, reported cancelled */
    public JobProcessor(JsonMapper json, ElectionCatalog elections, String nodeId, Predicate<String> cancelled) {
        this.json = json;
        this.elections = elections;
        this.nodeId = nodeId;
        this.cancelled = cancelled;
    }

    /**
     * @param contentType {@link ComputeCodec#JOB_CONTENT_TYPE} for the compact format; anything
     * else is read as JSON
     */
    public Outcome process(byte[] body, @Nullable String contentType) {
        boolean compact = ComputeCodec.JOB_CONTENT_TYPE.equals(contentType);
        if (!compact && body.length > MAX_JSON_JOB_BYTES) {
            return new Outcome.Poison(Outcome.Poison.UNPARSEABLE, "unparseable job: a JSON job body holds at most "
                    + MAX_JSON_JOB_BYTES + " bytes, this one " + body.length, null);
        }
        @Nullable ComputeJob job;
        try {
            job = compact ? ComputeCodec.decodeJob(body) : this.json.readValue(body, ComputeJob.class);
        }
        catch (JacksonException ex) {
            return new Outcome.Poison(Outcome.Poison.UNPARSEABLE, "unparseable job: " + ex.getOriginalMessage(), null);
        }
        catch (ComputeCodec.MalformedMessageException ex) {
            return new Outcome.Poison(Outcome.Poison.UNPARSEABLE, "unparseable job: " + ex.getMessage(), null);
        }
        if (job == null) {
            return new Outcome.Poison(Outcome.Poison.UNPARSEABLE, "unparseable job: the body is JSON null", null);
        }
        String shapeProblem = shapeProblem(job);
        if (shapeProblem != null) {
            return new Outcome.Poison(Outcome.Poison.INVALID_JOB, "invalid job: " + shapeProblem, null);
        }
        if (this.cancelled.test(job.jobId())) {
            // before the election is looked up: a cancelled job costs no fetch and waits for nothing
            return new Outcome.Computed(ComputeResult.cancelled(job.jobId(), job.batchIndex(), job.electionId(), this.nodeId,
                    job.firstIndex(), job.answers().length));
        }
        MatchingModel model;
        try {
            model = this.elections.model(job.electionId());
        }
        catch (ElectionCatalog.ElectionUnavailableException ex) {
            return poison(job, Outcome.Poison.UNKNOWN_ELECTION, "unknown election: " + ex.getMessage());
        }
        catch (ElectionCatalog.SaverUnavailableException ex) {
            return new Outcome.Retry(ex.getMessage());
        }
        int[][] answers = job.answers();
        for (int i = 0; i < answers.length; i++) {
            String problem = model.problemWith(answers[i]);
            if (problem != null) {
                return poison(job, Outcome.Poison.INVALID_ANSWERS, "invalid answers at index " + (job.firstIndex() + i) + ": " + problem);
            }
        }
        int parties = model.parties();
        int[] answered = new int[answers.length];
        int[] maxPoints = new int[answers.length];
        int[] points = new int[answers.length * parties];
        model.scoreAll(answers, answered, maxPoints, points, model.newScratch());
        return new Outcome.Computed(new ComputeResult(job.jobId(), job.batchIndex(), job.electionId(), this.nodeId,
                job.firstIndex(), parties, answered, maxPoints, points, 0, null));
    }

    private static @Nullable String shapeProblem(ComputeJob job) {
        if (job.jobId() == null || job.jobId().isBlank()) {
            return "jobId is missing";
        }
        if (job.electionId() == null || job.electionId().isBlank()) {
            return "electionId is missing";
        }
        if (job.answers() == null || job.answers().length == 0) {
            return "answers are missing";
        }
        if (job.batchIndex() < 0 || job.firstIndex() < 0) {
            return "batchIndex and firstIndex must not be negative";
        }
        if ((long) job.firstIndex() + job.answers().length > Integer.MAX_VALUE) {
            return "firstIndex " + job.firstIndex() + " and " + job.answers().length + " answer sets pass the largest index "
                    + Integer.MAX_VALUE;
        }
        if (job.jobId().length() > ComputeResult.MAX_JOB_ID_LENGTH || job.electionId().length() > ComputeResult.MAX_ELECTION_ID_LENGTH) {
            return "jobId and electionId hold at most " + ComputeResult.MAX_JOB_ID_LENGTH + " and " + ComputeResult.MAX_ELECTION_ID_LENGTH
                    + " characters";
        }
        int statements = job.answers()[0] == null ? 0 : job.answers()[0].length;
        try {
            ComputeCodec.checkJobSize(job.answers().length, statements);
        }
        catch (ComputeCodec.MalformedMessageException ex) {
            return ex.getMessage();
        }
        return null;
    }

    private Outcome poison(ComputeJob job, String kind, String reason) {
        return new Outcome.Poison(kind, reason, ComputeResult.failure(job.jobId(), job.batchIndex(), job.electionId(), this.nodeId,
                job.firstIndex(), job.answers().length, reason));
    }

    /** What became of a job message. */
    public sealed interface Outcome {

        /** Computed (or skipped, its job cancelled: a cancellation result): publish the result, then acknowledge. */
        record Computed(ComputeResult result) implements Outcome {
        }

        /**
         * Cannot be computed, now or ever: dead-letter it with the reason, report the
         * failure when the job is known, then acknowledge.
         *
         * @param kind one of the constants below, for metrics
         */
        record Poison(String kind, String reason, @Nullable ComputeResult failure) implements Outcome {

            public static final String UNPARSEABLE = "unparseable";

            public static final String INVALID_JOB = "invalid-job";

            public static final String UNKNOWN_ELECTION = "unknown-election";

            public static final String INVALID_ANSWERS = "invalid-answers";

            public static final String NODE_FAILURE = "node-failure";
        }

        /**
         * Cannot be computed now, for a reason outside the job (saver-service cannot send its
         * election): put it back in the queue, after a pause, for another try.
         */
        record Retry(String reason) implements Outcome {
        }
    }
}
