package dev.msgsuite.talker.wire;

import java.util.regex.Pattern;

/**
 * Recognises the first line of an HTTP request: a web page can make a browser send one to any
 * port, and its body would then run as talker lines (cross-protocol request forgery).
 */
public final class HttpRequests {

    // RFC 9110 token, one request target, a version: every method, known or not, and the HTTP/2 preface.
    private static final Pattern REQUEST_LINE =
            Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+ \\S+ HTTP/\\d(\\.\\d)?\\s*");

    // Header lines come first when the request line itself was refused (too long for a talker line).
    private static final Pattern HEADER_LINE = Pattern.compile("(?i)(host|user-agent|accept(-[a-z]+)?|connection"
            + "|content-(type|length|encoding)|origin|referer|cookie|upgrade(-insecure-requests)?|cache-control|pragma"
            + "|authorization|transfer-encoding|te|dnt|priority|sec-[a-z0-9-]+)[ \\t]*:.*");

    private HttpRequests() {
    }

    /** Whether {@code line}, as the first line of a connection, shows an HTTP client. */
    public static boolean looksLikeHttp(String line) {
        return REQUEST_LINE.matcher(line).matches() || HEADER_LINE.matcher(line).matches();
    }
}
