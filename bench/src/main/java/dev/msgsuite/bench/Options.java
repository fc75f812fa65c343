package dev.msgsuite.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** {@code --name=value} command-line options with typed getters and defaults. */
record Options(Map<String, String> values) {

    static Options parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
            }
            values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return new Options(Map.copyOf(values));
    }

    String string(String name, String fallback) {
        return this.values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String value = this.values.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    long[] longs(String name, String fallback) {
        return Arrays.stream(string(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
    }
}
