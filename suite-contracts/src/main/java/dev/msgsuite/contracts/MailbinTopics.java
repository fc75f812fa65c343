package dev.msgsuite.contracts;

/** Kafka topics of the mailbin pipeline. */
public final class MailbinTopics {

    /** Accepted form submissions, keyed by form id. */
    public static final String SUBMISSIONS = "mailbin.submissions";

    /** Submissions that could not be parsed or stored, with the reason in their headers. */
    public static final String SUBMISSIONS_DEAD_LETTERS = SUBMISSIONS + ".DLT";

    private MailbinTopics() {
    }
}
