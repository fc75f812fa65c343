package dev.msgsuite.saver.results;

import dev.msgsuite.saver.elections.ElectionStore;
import dev.msgsuite.saver.web.ApiException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ResultController {

    private static final int MAX_PAGE_SIZE = 1000;

    private final ResultStore results;

    private final ElectionStore elections;

    private final JdbcClient jdbc;

    ResultController(ResultStore results, ElectionStore elections, JdbcClient jdbc) {
        this.results = results;
        this.elections = elections;
        this.jdbc = jdbc;
    }

    @GetMapping("/api/jobs/{id}/results")
    ResultPage page(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "100") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("Invalid page", List.of("page must be >= 0 and size 1.." + MAX_PAGE_SIZE));
        }
        String electionId = this.jdbc.sql("select election_id from jobs where id = ?").param(id).query(String.class)
                .optional().orElseThrow(() -> ApiException.notFound("No job '" + id + "'"));
        return new ResultPage(id, page, size, this.results.count(id),
                this.results.page(id, page, size, this.elections.find(electionId)));
    }

    /**
     * @param jobId the job
     * @param page 0-based page number: answer sets {@code page * size} to {@code (page + 1) * size - 1}
     * @param size page size
     * @param totalResults results stored for the job so far
     * @param items the stored results of this page's answer sets, in answer-set order (fewer than
     * {@code size} while the job runs, or where a batch failed)
     */
    record ResultPage(String jobId, int page, int size, long totalResults, List<ResultStore.StoredResult> items) {
    }
}
