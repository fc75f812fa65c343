package dev.msgsuite.mailbin.intake;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and behaviour of {@code POST /f/{formId}} ({@code mailbin.intake.*}).
 *
 * @param maxBodySize largest request body accepted (413 above it)
 * @param maxFields most field values in one submission, control fields included (422 above it)
 * @param maxFieldNameLength longest field name, in characters
 * @param maxFieldValueLength longest field value, in characters
 * @param honeypotField a field real forms hide from people: a submission that fills it is refused
 * @param thankYouPage where browsers are redirected after submitting, unless the form gives an allowed {@code _next}
 * @param allowedRedirectOrigins origins ({@code https://example.org}) a form's {@code _next} may point to; relative paths are always allowed
 * @param sendTimeout longest wait for Kafka to acknowledge a submission before the client gets 503
 * @param rateLimit per-client submission rate
 * @param allowedFormIds the form ids this intake accepts (404 for any other); empty accepts any valid form id
 * @param allowedOrigins origins ({@code https://example.org}) of the pages that may post: a submission whose
 * {@code Origin} (or {@code Referer}) names another is refused with 403, and CORS answers only these; empty allows any
 */
@ConfigurationProperties("mailbin.intake")
public record IntakeProperties(@DefaultValue("64KB") DataSize maxBodySize, @DefaultValue("50") int maxFields,
        @DefaultValue("100") int maxFieldNameLength, @DefaultValue("10000") int maxFieldValueLength,
        @DefaultValue("_gotcha") String honeypotField, @DefaultValue("/thanks.html") String thankYouPage,
        @DefaultValue List<URI> allowedRedirectOrigins, @DefaultValue("15s") Duration sendTimeout,
        @DefaultValue RateLimit rateLimit, @DefaultValue Set<String> allowedFormIds, @DefaultValue List<URI> allowedOrigins) {

    /**
     * A token bucket per client address.
     *
     * @param burst submissions a client may send at once
     * @param perSecond submissions per second a client regains
     * @param maxClients most clients tracked at once; beyond it the least recently seen are forgotten
     */
    public record RateLimit(@DefaultValue("20") int burst, @DefaultValue("1.0") double perSecond,
            @DefaultValue("100000") int maxClients) {
    }
}
