package dev.msgsuite.mailbin.store;

import java.util.List;

/**
 * One page of submissions, newest first.
 *
 * @param items the submissions on this page
 * @param page zero-based page number
 * @param size page size asked for
 * @param total submissions matching the query on all pages
 */
public record SubmissionPage(List<StoredSubmission> items, int page, int size, long total) {

    public int pages() {
        return (int) ((this.total + this.size - 1) / this.size);
    }
}
