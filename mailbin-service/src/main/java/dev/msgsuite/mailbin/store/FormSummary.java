package dev.msgsuite.mailbin.store;

import java.time.Instant;

/** A form that received submissions: how many are stored and when the latest arrived. */
public record FormSummary(String formId, long submissions, Instant lastReceivedAt) {
}
