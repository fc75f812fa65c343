package dev.msgsuite.mailbin.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTests {

    @Test
    void cellsAreQuotedOnlyWhenNeeded() {
        assertThat(Csv.line(List.of("plain", "a,b", "say \"hi\"", "two\nlines", ""))).isEqualTo(
                "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
    }

    @Test
    void cellsThatSpreadsheetsWouldEvaluateAreMadeText() {
        assertThat(List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx").stream().map(Csv::cell))
                .containsExactly("'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx");
    }
}
