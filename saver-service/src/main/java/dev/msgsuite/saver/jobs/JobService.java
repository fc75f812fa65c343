package dev.msgsuite.saver.jobs;

import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;

import dev.msgsuite.contracts.ComputeMessages;
import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.saver.SaverProperties;
import dev.msgsuite.saver.commands.JobCancellations;
import dev.msgsuite.saver.elections.ElectionStore;
import dev.msgsuite.saver.limits.Refusals;
import dev.msgsuite.saver.web.ApiException;
import dev.msgsuite.support.amqp.ConfirmedPublisher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.core.Message;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Turns a submitted job into batches on the durable jobs queue. */
@Service
class JobService {

    static final int MAX_LIST_SIZE = 100;

    /** Far pages cost the database a walk over every job before them; filters narrow instead. */
    static final int MAX_PAGE = 10_000;

    private final ElectionStore elections;

    private final JobStore jobs;

    private final ConfirmedPublisher publisher;

    private final SaverProperties properties;

    private final Refusals refusals;

    private final JobCancellations cancellations;

    private final JobEventStream stream;

    JobService(ElectionStore elections, JobStore jobs, ConfirmedPublisher publisher, SaverProperties properties,
            Refusals refusals, JobCancellations cancellations, JobEventStream stream) {
        this.stream = stream;
        this.cancellations = cancellations;
        this.refusals = refusals;
        this.elections = elections;
        this.jobs = jobs;
        this.publisher = publisher;
        this.properties = properties;
    }

    JobStore.JobStatus submit(JobRequest request) {
        if (request.electionId() == null || request.electionId().isBlank()) {
            throw ApiException.badRequest("Invalid job", List.of("electionId is required"));
        }
        Election election = this.elections.find(request.electionId())
                .orElseThrow(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
                        "No election '" + request.electionId() + "'; upload it first", List.of()));
        List<String> problems = request.problems(election, this.properties.maxAnswerSets(),
                this.properties.limits().maxJobAnswers(), this.properties.jobBatchSize());
        if (!problems.isEmpty()) {
            this.refusals.count(Refusals.JOB_SIZE);
            throw ApiException.badRequest("Invalid job", problems);
        }
        int statements = election.statements().size();
        int total = request.total();
        int batchSize = request.batchSize() != null ? request.batchSize() : this.properties.jobBatchSize();
        int batches = (total + batchSize - 1) / batchSize;
        String jobId = UUID.randomUUID().toString();
        Instant createdAt = Instant.now();
        this.jobs.add(jobId, election.id(), total, batches, batchSize, election.parties().size(), createdAt);
        JobRequest.AnswerSource answers = request.answers(election);
        Iterator<Message> messages = IntStream.range(0, batches).mapToObj(batch -> {
            int from = batch * batchSize;
            int count = Math.min(total, from + batchSize) - from;
            JobRequest.Slice slice = answers.batch(from, count);
            return ComputeMessages.job(ComputeCodec.encodeJob(jobId, batch, election.id(), from, statements, slice.answers(),
                    slice.offset(), count));
        }).iterator();
        try {
            this.publisher.sendAll("", JOBS_QUEUE, messages, this.properties.maxUnconfirmedJobMessages());
        }
        catch (RuntimeException ex) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Job " + jobId + " was not fully accepted by the broker ("
                    + ex.getMessage() + "); its status shows what was computed, submit it again", List.of());
        }
        return this.jobs.status(jobId).orElseThrow();
    }

    JobList list(@Nullable String electionId, @Nullable String state, int page, int size) {
        List<String> problems = new ArrayList<>();
        if (page < 0 || page > MAX_PAGE) {
            problems.add("page must be 0.." + MAX_PAGE);
        }
        if (size < 1 || size > MAX_LIST_SIZE) {
            problems.add("size must be 1.." + MAX_LIST_SIZE);
        }
        if (electionId != null && electionId.length() > 64) {
            problems.add("election must have at most 64 characters");
        }
        JobStore.JobState parsed = null;
        try {
            parsed = JobStore.JobState.parse(state);
        }
        catch (IllegalArgumentException ex) {
            problems.add("state must be one of running, complete, failed, cancelled");
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("Invalid job listing", problems);
        }
        String election = electionId == null || electionId.isBlank() ? null : electionId;
        return new JobList(page, size, this.jobs.count(election, parsed), this.jobs.list(election, parsed, page, size));
    }

    /**
     * Cancels a running job: marked in the database first (so it lists as cancelled at once),
     * then nodes are told to skip its batches. Cancelling a cancelled job tells the nodes again.
     */
    JobStore.JobStatus cancel(String jobId) {
        JobStore.JobStatus status = status(jobId);
        if (!status.state().equals(JobStore.JobState.CANCELLED.value()) && status.complete()) {
            throw new ApiException(HttpStatus.CONFLICT, "Job '" + jobId + "' is " + status.state()
                    + " already; only a running job can be cancelled", List.of());
        }
        this.jobs.cancel(jobId, Instant.now());
        this.cancellations.publish(jobId);
        JobStore.JobStatus cancelled = status(jobId);
        this.stream.publish(JobEventStream.CANCELLED, cancelled);
        return cancelled;
    }

    JobStore.JobStatus status(String jobId) {
        return this.jobs.status(jobId).orElseThrow(() -> ApiException.notFound("No job '" + jobId + "'"));
    }

    /**
     * @param page 0-based page
     * @param size jobs per page
     * @param totalJobs jobs matching the filters
     * @param items this page's jobs, newest first
     */
    record JobList(int page, int size, long totalJobs, List<JobStore.JobStatus> items) {
    }
}
