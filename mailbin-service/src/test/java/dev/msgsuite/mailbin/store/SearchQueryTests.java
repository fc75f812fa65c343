package dev.msgsuite.mailbin.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchQueryTests {

    @Test
    void everyWordBecomesAPrefixMatchAndAllMustMatch() {
        assertThat(SearchQuery.toTsQuery("Jane  prej")).isEqualTo("'jane':* & 'prej':*");
        assertThat(SearchQuery.toTsQuery("jane@example.org")).isEqualTo("'jane@example.org':*");
    }

    @Test
    void queryOperatorsAndQuotesCannotReachTheQuery() {
        assertThat(SearchQuery.toTsQuery("a' | !b:* (c)")).isEqualTo("'a':* & 'b':* & 'c':*");
        assertThat(SearchQuery.toTsQuery("' & | !")).isNull();
        assertThat(SearchQuery.toTsQuery(null)).isNull();
        assertThat(SearchQuery.toTsQuery("   ")).isNull();
    }
}
