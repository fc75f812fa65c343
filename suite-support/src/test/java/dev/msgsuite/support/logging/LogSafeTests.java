package dev.msgsuite.support.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTests {

    @Test
    void lineBreaksAndControlCharactersCannotStartAForgedLogLine() {
        assertThat(LogSafe.escape("x\n2026-01-01 ERROR forged\r\u0000\u001b[31m\u0085"))
                .isEqualTo("x\\n2026-01-01 ERROR forged\\r\\u0000\\u001b[31m\\u0085")
                .doesNotContain("\n", "\r");
    }

    @Test
    void unicodeSeparatorsBidiOverridesAndLoneSurrogatesAreEscapedPairsAreKept() {
        assertThat(LogSafe.escape("a\u2028b\u202ec\ud800d\ud83d\ude00")).isEqualTo("a\\u2028b\\u202ec\\ud800d\ud83d\ude00");
    }

    @Test
    void aBackslashIsDoubledSoEscapesCannotBeFaked() {
        assertThat(LogSafe.escape("\\n")).isEqualTo("\\\\n");
    }

    @Test
    void longTextIsCutAndSaysHowLongItWas() {
        assertThat(LogSafe.escape("abcdefghij", 4)).isEqualTo("abcd…(10 chars)");
        assertThat(LogSafe.escape("x".repeat(1_000_000))).hasSizeLessThan(LogSafe.DEFAULT_MAX_LENGTH + 20);
        assertThat(LogSafe.escape(null)).isEqualTo("null");
    }
}
