package dev.msgsuite.mailbin.api;

import dev.msgsuite.mailbin.intake.IntakeProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
public record ApiProperties(int maxPage, int maxQueryTerms, int maxQueryLength, IntakeProperties.RateLimit rateLimit) {
}
