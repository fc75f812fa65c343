package dev.msgsuite.support.logging;

import org.jspecify.annotations.Nullable;

/**
 * Client-supplied text made safe for a log line: control characters (line breaks included),
 * and the Unicode line and paragraph separators and bidirectional overrides, are written as
 * {@code \n}, {@code \t} or {@code \}{@code uXXXX}, so no client can forge a log line or hide
 * text; long text is cut to a bound so no client can flood the log with one value.
 */
public final class LogSafe {

    /** Characters of client text a log line keeps by default. */
    public static final int DEFAULT_MAX_LENGTH = 200;

    private LogSafe() {
    }

    /** {@link #escape(CharSequence, int)} with {@value #DEFAULT_MAX_LENGTH} characters. */
    public static String escape(@Nullable CharSequence text) {
        return escape(text, DEFAULT_MAX_LENGTH);
    }

    /**
     * The text with every unsafe character escaped, cut after {@code maxLength} characters of
     * input (then ending in {@code …(N chars)}); {@code null} becomes {@code "null"}.
     */
    public static String escape(@Nullable CharSequence text, int maxLength) {
        if (text == null) {
            return "null";
        }
        int end = Math.min(text.length(), Math.max(maxLength, 0));
        StringBuilder out = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (unsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        out.append(c);
                    }
                }
            }
        }
        if (end < text.length()) {
            out.append("…(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c)                       // C0, DEL, C1
                || c == '\u2028' || c == '\u2029'              // line and paragraph separators
                || (c >= '\u202a' && c <= '\u202e')            // bidirectional embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069')            // bidirectional isolates
                || Character.isSurrogate(c);                   // a lone half of a pair
    }
}
