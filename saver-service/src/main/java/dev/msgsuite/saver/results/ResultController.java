package dev.msgsuite.saver.results;

import dev.msgsuite.saver.elections.ElectionStore;
import dev.msgsuite.saver.web.ApiException;
import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.contracts.compute.Election;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ResultController {

    private static final int MAX_PAGE_SIZE = 1000;

    private final ResultStore results;

    private final ElectionStore elections;

    private final JobLedger jobs;

    private final TransactionTemplate readOnly;

    /** Result messages (of up to 10,000 answer sets each) the export's cursor holds at once. */
    private static final int EXPORT_FETCH_SIZE = 20;

    ResultController(ResultStore results, ElectionStore elections, JobLedger jobs, PlatformTransactionManager transactions) {
        this.results = results;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.elections = elections;
        this.jobs = jobs;
    }

    @GetMapping("/api/jobs/{id}/results")
    ResultPage page(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "100") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("Invalid page", List.of("page must be >= 0 and size 1.." + MAX_PAGE_SIZE));
        }
        String electionId = electionOf(id);
        return new ResultPage(id, page, size, this.results.count(id),
                this.results.page(id, page, size, this.elections.find(electionId)));
    }

    /** Per party: mean agreement, first places, agreement histogram; kept while results arrive. */
    @GetMapping("/api/jobs/{id}/summary")
    JobSummary summary(@PathVariable String id) {
        String electionId = electionOf(id);
        return this.results.summary(id, this.elections.find(electionId))
                .orElseThrow(() -> ApiException.notFound("No job '" + id + "'"));
    }

    /**
     * Every stored answer set as CSV, streamed from a cursor: index, statements answered,
     * agreement per party (percent, 2 decimals, columns named by party id) and the ranking
     * (party ids, best first, separated by spaces). Party ids are letters, digits and
     * {@code ._-} and start with a letter or digit, so no cell needs quoting or can read as a
     * spreadsheet formula.
     */
    @GetMapping("/api/jobs/{id}/results.csv")
    @Operation(summary = "Every stored answer set of the job as CSV, streamed", responses = {
            @ApiResponse(responseCode = "200", description = "index,answered,<party id>...,ranking",
                    content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"))),
            @ApiResponse(responseCode = "404", description = "no such job") })
    void export(@PathVariable String id, HttpServletResponse response) throws IOException {
        String electionId = electionOf(id);
        Optional<Election> election = this.elections.find(electionId);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id.replaceAll("[^A-Za-z0-9-]", "_")
                + ".csv\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        this.readOnly.executeWithoutResult(tx -> {
            try {
                int parties = election.map(e -> e.parties().size()).orElse(0);
                out.write("index,answered");
                for (int p = 0; p < parties; p++) {
                    out.write(',');
                    out.write(ResultStore.StoredResult.partyId(election.orElse(null), p));
                }
                out.write(",ranking\n");
                StringBuilder line = new StringBuilder(256);
                this.results.each(id, EXPORT_FETCH_SIZE, (index, answered, maxPoints, points, offset, count) -> {
                    line.setLength(0);
                    line.append(index).append(',').append(answered);
                    for (int p = 0; p < count; p++) {
                        line.append(',');
                        appendPercent(line, points[offset + p], maxPoints);
                    }
                    line.append(',');
                    int[] ranking = ComputeResult.ranking(points, offset, count);
                    for (int r = 0; r < ranking.length; r++) {
                        if (r > 0) {
                            line.append(' ');
                        }
                        line.append(ResultStore.StoredResult.partyId(election.orElse(null), ranking[r]));
                    }
                    line.append('\n');
                    try {
                        out.append(line);
                    }
                    catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
                out.flush();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    /** Agreement in percent with 2 decimals, rounded half up, by integer arithmetic. */
    static void appendPercent(StringBuilder line, int points, int maxPoints) {
        long hundredths = maxPoints == 0 ? 0 : (points * 10_000L + maxPoints / 2) / maxPoints;
        line.append(hundredths / 100).append('.');
        long fraction = hundredths % 100;
        if (fraction < 10) {
            line.append('0');
        }
        line.append(fraction);
    }

    private String electionOf(String id) {
        return this.jobs.find(id).map(JobLedger.JobCounts::electionId)
                .orElseThrow(() -> ApiException.notFound("No job '" + id + "'"));
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
