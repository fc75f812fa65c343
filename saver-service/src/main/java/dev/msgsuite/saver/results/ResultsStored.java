package dev.msgsuite.saver.results;

import java.util.Map;

/**
 * Published once a batch of results is committed to the database.
 *
 * @param answerSetsByJob per job in the batch, how many answer sets its messages carried
 * (results plus failed ones, redelivered duplicates included)
 */
public record ResultsStored(Map<String, Integer> answerSetsByJob) {
}
