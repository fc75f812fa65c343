package dev.msgsuite.mailbin.store;

/** Published in this application after a submission was stored for the first time. */
public record SubmissionStored(StoredSubmission submission) {
}
