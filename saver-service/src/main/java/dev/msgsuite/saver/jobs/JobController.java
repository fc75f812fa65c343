package dev.msgsuite.saver.jobs;

import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/jobs")
class JobController {

    private final JobService jobs;

    JobController(JobService jobs) {
        this.jobs = jobs;
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
