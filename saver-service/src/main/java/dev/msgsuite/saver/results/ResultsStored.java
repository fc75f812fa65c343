package dev.msgsuite.saver.results;

import java.util.Set;

/**
 * Published once a batch of results is committed to the database.
 *
 * @param jobIds the jobs the batch had results (or failed batches) for
 */
public record ResultsStored(Set<String> jobIds) {
}
