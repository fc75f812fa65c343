package dev.msgsuite.mailbin.api;

import dev.msgsuite.mailbin.store.SubmissionStore;
import dev.msgsuite.mailbin.submission.SubmissionRules;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A form's submissions as a download, oldest first, streamed: rows travel from the database cursor
 * to the response a fetch at a time, so memory stays the same whatever the form's size.
 */
@RestController
@RequestMapping("/api/forms/{formId}")
class ExportController {

    private final SubmissionStore store;

    private final JsonMapper json;

    ExportController(SubmissionStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    @Operation(summary = "Export a form's submissions as CSV: id, received_at, source, client_ip, user_agent, then one column per field")
    @GetMapping(path = "/export.csv", produces = "text/csv")
    void csv(@PathVariable String formId, HttpServletResponse response) throws IOException {
        requireValid(formId);
        List<String> fieldNames = this.store.fieldNames(formId);
        if (fieldNames.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Form " + formId + " has no submissions");
        }
        download(response, "text/csv;charset=UTF-8", formId + ".csv");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        List<String> header = new ArrayList<>(List.of("id", "received_at", "source", "client_ip", "user_agent"));
        header.addAll(fieldNames);
        out.write(Csv.line(header));
        this.store.forEach(formId, submission -> {
            List<String> cells = new ArrayList<>(List.of(submission.id().toString(), submission.receivedAt().toString(),
                    submission.source(), nullToEmpty(submission.clientIp()), nullToEmpty(submission.userAgent())));
            for (String name : fieldNames) {
                cells.add(String.join("\n", submission.fields().getOrDefault(name, List.of())));
            }
            try {
                out.write(Csv.line(cells));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        out.flush();
    }

    @Operation(summary = "Export a form's submissions as a JSON array")
    @GetMapping(path = "/export.json", produces = MediaType.APPLICATION_JSON_VALUE)
    void json(@PathVariable String formId, HttpServletResponse response) throws IOException {
        requireValid(formId);
        if (this.store.fieldNames(formId).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Form " + formId + " has no submissions");
        }
        download(response, MediaType.APPLICATION_JSON_VALUE, formId + ".json");
        try (SequenceWriter array = this.json.writer().writeValuesAsArray(response.getOutputStream())) {
            this.store.forEach(formId, array::write);
        }
    }

    private static void download(HttpServletResponse response, String contentType, String filename) {
        response.setContentType(contentType);
        // quoted and escaped by Spring; the name is a valid form id besides (checked before), so nothing can be injected
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString());
    }

    private static void requireValid(String formId) {
        if (!SubmissionRules.FORM_ID.matcher(formId).matches()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Not a valid form id");
        }
    }

    private static String nullToEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }
}
