package dev.msgsuite.saver;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the coordinator and store.
 *
 * @param commandTimeout how long {@code POST /api/commands} waits for replies by default
 * @param maxCommandTimeout the longest wait a request may ask for
 * @param nodeLostAfter a node not heard from for this long is lost and not waited for
 * @param jobBatchSize answer sets per job message unless the request says otherwise
 * @param maxAnswerSets the most answer sets one job may have (given or generated)
 * @param resultBatchSize result messages written to the database in one transaction
 * @param resultBatchWait how long to wait to fill a result batch before writing what there is
 * @param progressInterval the least time between two {@code compute.job.progress} events of one job
 * @param maxUnconfirmedJobMessages job messages a submission may have published and not yet had
 * confirmed by the broker: a large job goes out as a steady stream the nodes keep pace with,
 * instead of a burst that holds up their results at the broker
 */
@ConfigurationProperties("saver")
public record SaverProperties(@DefaultValue("3s") Duration commandTimeout, @DefaultValue("30s") Duration maxCommandTimeout,
        @DefaultValue("10s") Duration nodeLostAfter, @DefaultValue("100") int jobBatchSize,
        @DefaultValue("1000000") int maxAnswerSets, @DefaultValue("50") int resultBatchSize,
        @DefaultValue("100ms") Duration resultBatchWait, @DefaultValue("500ms") Duration progressInterval,
        @DefaultValue("10") int maxUnconfirmedJobMessages) {

    public SaverProperties {
        if (maxUnconfirmedJobMessages < 1) {
            throw new IllegalArgumentException("saver.max-unconfirmed-job-messages must be at least 1, not " + maxUnconfirmedJobMessages);
        }
    }
}
