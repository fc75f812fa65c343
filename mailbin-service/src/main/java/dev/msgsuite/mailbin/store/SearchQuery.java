package dev.msgsuite.mailbin.store;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns what a person types in the search box into a PostgreSQL {@code tsquery}: every word
 * must match the start of a submitted word. Only letters, digits and {@code @ . _ -} survive,
 * so no input can break the query syntax.
 */
final class SearchQuery {

    private SearchQuery() {
    }

    /** The tsquery text, or null when the input has no searchable word. */
    static @Nullable String toTsQuery(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String query = Arrays.stream(text.toLowerCase().split("\\s+"))
                .map(word -> word.replaceAll("[^\\p{L}\\p{N}@._-]", ""))
                .filter(word -> !word.isEmpty())
                .map(word -> "'" + word + "':*")
                .collect(Collectors.joining(" & "));
        return query.isEmpty() ? null : query;
    }
}
