package dev.msgsuite.saver.jobs;

import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;

import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.saver.SaverProperties;
import dev.msgsuite.saver.elections.ElectionStore;
import dev.msgsuite.saver.limits.Refusals;
import dev.msgsuite.saver.web.ApiException;
import dev.msgsuite.support.amqp.ConfirmedPublisher;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.springframework.amqp.core.Message;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Turns a submitted job into batches on the durable jobs queue. */
@Service
class JobService {

    private final ElectionStore elections;

    private final JobStore jobs;

    private final ConfirmedPublisher publisher;

    private final SaverProperties properties;

    private final Refusals refusals;

    JobService(ElectionStore elections, JobStore jobs, ConfirmedPublisher publisher, SaverProperties properties,
            Refusals refusals) {
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
        this.jobs.add(jobId, election.id(), total, batches, batchSize, createdAt);
        JobRequest.AnswerSource answers = request.answers(election);
        Iterator<Message> messages = IntStream.range(0, batches).mapToObj(batch -> {
            int from = batch * batchSize;
            int count = Math.min(total, from + batchSize) - from;
            JobRequest.Slice slice = answers.batch(from, count);
            return ComputeCodec.jobMessage(ComputeCodec.encodeJob(jobId, batch, election.id(), from, statements, slice.answers(),
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

    JobStore.JobStatus status(String jobId) {
        return this.jobs.status(jobId).orElseThrow(() -> ApiException.notFound("No job '" + jobId + "'"));
    }
}
