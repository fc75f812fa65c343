package dev.msgsuite.mailbin.api;

import dev.msgsuite.mailbin.intake.IntakeProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the read API ({@code mailbin.api.*}).
 *
 * @param maxPage highest page number of {@code GET /api/submissions} (400 above it): OFFSET makes a far page
 *        cost as much as reading every page before it
 * @param maxQueryTerms most words in the full-text query {@code q} (400 above it); each word is a prefix match
 * @param maxQueryLength longest {@code q}, in characters (400 above it)
 * @param rateLimit requests per signed-in user (or API token) to {@code /api/**} (429 above it)
 */
@ConfigurationProperties("mailbin.api")
public record ApiProperties(@DefaultValue("1000") int maxPage, @DefaultValue("8") int maxQueryTerms,
        @DefaultValue("200") int maxQueryLength, @DefaultValue RateLimit rateLimit) {

    /**
     * A token bucket per user or token; its own type (not the intake's) because an API client is allowed more.
     *
     * @param burst requests a user may send at once
     * @param perSecond requests per second a user regains
     * @param maxClients most users tracked at once; beyond it the least recently seen are forgotten
     */
    public record RateLimit(@DefaultValue("100") int burst, @DefaultValue("20") double perSecond,
            @DefaultValue("10000") int maxClients) {

        IntakeProperties.RateLimit bucket() {
            return new IntakeProperties.RateLimit(this.burst, this.perSecond, this.maxClients);
        }
    }
}
