package dev.msgsuite.mailbin.api;

import dev.msgsuite.mailbin.store.FormSummary;
import dev.msgsuite.mailbin.store.StoredSubmission;
import dev.msgsuite.mailbin.store.SubmissionPage;
import dev.msgsuite.mailbin.store.SubmissionStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Read and delete stored submissions. */
@RestController
@RequestMapping("/api")
class SubmissionsController {

    static final int MAX_PAGE_SIZE = 200;

    private final SubmissionStore store;

    private final ApiProperties properties;

    SubmissionsController(SubmissionStore store, ApiProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    @Operation(summary = "Forms that received submissions, with how many are stored")
    @GetMapping("/forms")
    List<FormSummary> forms() {
        return this.store.forms();
    }

    @Operation(summary = "Submissions newest first, optionally of one form and matching a full-text query",
            description = "q: every word must match the beginning of a word in a submitted value (PostgreSQL full-text search, no stemming)")
    @GetMapping("/submissions")
    SubmissionPage submissions(@RequestParam(required = false) @Nullable String form,
            @Parameter(description = "full-text query") @RequestParam(required = false) @Nullable String q,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        if (page < 0 || page > this.properties.maxPage() || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page must be between 0 and " + this.properties.maxPage()
                    + " and size between 1 and " + MAX_PAGE_SIZE + " (narrow the search to reach older submissions)");
        }
        if (q != null && (q.length() > this.properties.maxQueryLength()
                || q.strip().split("\\s+").length > this.properties.maxQueryTerms())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "q may have at most " + this.properties.maxQueryTerms()
                    + " words and " + this.properties.maxQueryLength() + " characters");
        }
        return this.store.page(form == null || form.isBlank() ? null : form, q, page, size);
    }

    @Operation(summary = "One submission")
    @GetMapping("/submissions/{id}")
    StoredSubmission submission(@PathVariable UUID id) {
        return this.store.find(id).orElseThrow(() -> notFound(id));
    }

    @Operation(summary = "Delete one submission")
    @DeleteMapping("/submissions/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        if (!this.store.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    private static ResponseStatusException notFound(UUID id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No submission " + id);
    }
}
