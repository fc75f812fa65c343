package dev.msgsuite.tuplespace.client;

import java.util.Map;

/**
 * Template fields besides {@code null} (any field) and plain values (an equal field): type patterns.
 * {@code List.of("fib", Templates.anyNumber())} matches {@code ["fib", 10]}.
 */
public final class Templates {

    private Templates() {
    }

    public static Map<String, String> anyString() {
        return Map.of("type", "string");
    }

    public static Map<String, String> anyNumber() {
        return Map.of("type", "number");
    }

    public static Map<String, String> anyBoolean() {
        return Map.of("type", "boolean");
    }
}
