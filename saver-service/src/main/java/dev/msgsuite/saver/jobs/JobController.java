package dev.msgsuite.saver.jobs;

import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
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

    @GetMapping("/{id}")
    JobStore.JobStatus status(@PathVariable String id) {
        return this.jobs.status(id);
    }
}
