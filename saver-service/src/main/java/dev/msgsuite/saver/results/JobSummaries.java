package dev.msgsuite.saver.results;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where a job's summary begins: the jobs feature starts one for every job it accepts, and
 * {@link ResultStore} adds to it as results arrive. Not part of ResultStore, which needs the
 * {@link JobLedger}, whose implementation needs this.
 */
@Component
public class JobSummaries {

    private final JdbcClient jdbc;

    JobSummaries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A row per party with nothing counted yet, in the caller's transaction. */
    public void start(String jobId, int parties) {
        for (int party = 0; party < parties; party++) {
            this.jdbc.sql("insert into job_summaries (job_id, party) values (?, ?)").params(jobId, party).update();
        }
    }
}
