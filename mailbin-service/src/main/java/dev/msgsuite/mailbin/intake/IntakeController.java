package dev.msgsuite.mailbin.intake;

import dev.msgsuite.contracts.FormSubmission;
import dev.msgsuite.mailbin.submission.SubmissionRules;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code POST /f/{formId}}: what an HTML form's {@code action} points at. Browsers are redirected
 * (303) to a thank-you page, API clients get 202 with the submission id; either only after
 * Kafka acknowledged the submission.
 */
@RestController
class IntakeController {

    private static final int MAX_IDEMPOTENCY_KEY = 200;

    private final FormReader reader;

    private final ClientRateLimiter rateLimiter;

    private final SubmissionPublisher publisher;

    private final IntakeProperties properties;

    private final IntakeOrigins origins;

    private final SubmissionRules rules;

    IntakeController(FormReader reader, ClientRateLimiter rateLimiter, SubmissionPublisher publisher, IntakeProperties properties,
            IntakeOrigins origins, SubmissionRules rules) {
        this.rules = rules;
        this.reader = reader;
        this.rateLimiter = rateLimiter;
        this.publisher = publisher;
        this.properties = properties;
        this.origins = origins;
    }

    @PostMapping("/f/{formId}")
    ResponseEntity<Accepted> submit(@PathVariable String formId, HttpServletRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
            @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) @Nullable String userAgent) throws IOException, ServletException {
        long retryAfter = this.rateLimiter.acquire(ClientRateLimiter.clientKey(request.getRemoteAddr()));
        if (retryAfter > 0) {
            throw new RateLimited(retryAfter);
        }
        if (!this.origins.allows(request)) {
            throw new IntakeRejection(HttpStatus.FORBIDDEN,
                    "Submissions from this page's origin are not accepted: it is not listed in mailbin.intake.allowed-origins");
        }
        if (!SubmissionRules.FORM_ID.matcher(formId).matches()) {
            throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT,
                    "Form id '" + formId + "' is not valid: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (!this.properties.allowedFormIds().isEmpty() && !this.properties.allowedFormIds().contains(formId)) {
            throw new IntakeRejection(HttpStatus.NOT_FOUND,
                    "There is no form '" + formId + "' here: it is not listed in mailbin.intake.allowed-form-ids");
        }
        if (idempotencyKey != null && idempotencyKey.length() > MAX_IDEMPOTENCY_KEY) {
            throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "The Idempotency-Key header is longer than " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        CheckedForm form = this.reader.check(read(request));
        // a client that retries with the same key gets the same id, and the store keeps one row
        UUID id = idempotencyKey != null ? UUID.nameUUIDFromBytes((formId + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                : UUID.randomUUID();
        FormSubmission submission = new FormSubmission(id, formId, Instant.now(), "http", request.getRemoteAddr(), userAgent, form.fields());
        // the same rules the store applies to records of other producers: what passes here is stored, never dead-lettered
        String problem = this.rules.problem(submission);
        if (problem != null) {
            throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, problem);
        }
        this.publisher.publish(submission);
        if (isBrowser(request)) {
            URI next = form.next() != null ? form.next()
                    : UriComponentsBuilder.fromPath(this.properties.thankYouPage()).queryParam("form", formId).build().encode().toUri();
            return ResponseEntity.status(HttpStatus.SEE_OTHER).location(next).build();
        }
        return ResponseEntity.accepted().location(URI.create("/api/submissions/" + id)).body(new Accepted(id, formId));
    }

    private Map<String, List<String>> read(HttpServletRequest request) throws IOException, ServletException {
        MediaType type = contentType(request);
        if (request instanceof MultipartHttpServletRequest multipart) {
            if (!multipart.getMultiFileMap().isEmpty()) {
                throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "File uploads are not accepted, only text fields");
            }
            // the parts themselves, not getParameterMap(): that would mix the query string into the fields
            List<Map.Entry<String, byte[]>> fields = new ArrayList<>();
            for (Part part : multipart.getParts()) {
                if (part.getSubmittedFileName() == null) {
                    try (InputStream in = part.getInputStream()) {
                        // each part is at most spring.servlet.multipart.max-file-size, kept by the container
                        fields.add(Map.entry(part.getName(), in.readAllBytes()));
                    }
                }
            }
            return this.reader.multipart(fields);
        }
        if (MediaType.APPLICATION_FORM_URLENCODED.includes(type)) {
            return this.reader.urlEncoded(body(request));
        }
        if (MediaType.APPLICATION_JSON.includes(type) || type.getSubtype().endsWith("+json")) {
            return this.reader.json(body(request));
        }
        throw new IntakeRejection(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content type '" + type
                + "' is not accepted: send application/x-www-form-urlencoded, multipart/form-data or application/json");
    }

    private static MediaType contentType(HttpServletRequest request) {
        try {
            return request.getContentType() == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(request.getContentType());
        }
        catch (InvalidMediaTypeException ex) {
            throw new IntakeRejection(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content type is not valid: " + ex.getMessage());
        }
    }

    private byte[] body(HttpServletRequest request) throws IOException {
        long max = this.properties.maxBodySize().toBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge();
        }
        // a chunked body has no length up front: read one byte past the limit to notice it
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) max + 1);
            if (body.length > max) {
                throw tooLarge();
            }
            return body;
        }
    }

    private IntakeRejection tooLarge() {
        return new IntakeRejection(HttpStatus.CONTENT_TOO_LARGE, "The submission is larger than "
                + this.properties.maxBodySize().toBytes() + " bytes");
    }

    private static boolean isBrowser(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || !(request instanceof MultipartHttpServletRequest
                || MediaType.APPLICATION_FORM_URLENCODED.includes(contentType(request)))) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(MediaType.TEXT_HTML::equalsTypeAndSubtype);
        }
        catch (InvalidMediaTypeException ex) {
            return false;
        }
    }

    /** What an API client gets back: the id to look the submission up by. */
    record Accepted(UUID id, String formId) {
    }

    static final class RateLimited extends RuntimeException {

        private final long retryAfterSeconds;

        RateLimited(long retryAfterSeconds) {
            super(null, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return this.retryAfterSeconds;
        }
    }
}
