package dev.msgsuite.saver.jobs;

import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/jobs")
class JobController {

    private final JobService jobs;

    private final JobEventStream stream;

    JobController(JobService jobs, JobEventStream stream) {
        this.jobs = jobs;
        this.stream = stream;
    }

    @Operation(summary = "Server-sent events of job progress: 'progress' while a job runs (at most one per "
            + "saver.progress-interval), 'cancelled' when an operator cancels it, 'completed' once when every answer set "
            + "is stored, failed or skipped", description = "Data is JSON {jobId, electionId, total, done, failed, "
            + "cancelled, state, progress, rate}; a comment every 15 s keeps proxies from closing the stream. "
            + "?job={id} for one job's events. 503 with Retry-After when saver.limits.max-event-subscribers streams are open")
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> events(@RequestParam(required = false) @Nullable String job) {
        return this.stream.subscribe(job == null || job.isBlank() ? null : job).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30").build());
    }

    /** Accepted once every batch of the job is confirmed on the durable jobs queue. */
    @PostMapping
    ResponseEntity<JobStore.JobStatus> submit(@RequestBody JobRequest request) {
        JobStore.JobStatus status = this.jobs.submit(request);
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + status.jobId())).body(status);
    }

    /** Newest first; {@code state} is running, complete, failed or cancelled. */
    @GetMapping
    JobService.JobList list(@RequestParam(required = false) String election, @RequestParam(required = false) String state,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return this.jobs.list(election, state, page, size);
    }

    /**
     * Cancels a running job: nodes skip its remaining batches, reported as cancelled; the job
     * ends with done + failed + cancelled = total. 409 when it has finished already.
     */
    @DeleteMapping("/{id}")
    JobStore.JobStatus cancel(@PathVariable String id) {
        return this.jobs.cancel(id);
    }

    @GetMapping("/{id}")
    JobStore.JobStatus status(@PathVariable String id) {
        return this.jobs.status(id);
    }
}
