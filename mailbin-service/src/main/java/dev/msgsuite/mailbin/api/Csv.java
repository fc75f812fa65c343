package dev.msgsuite.mailbin.api;

import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 lines, with spreadsheet formula injection defused. */
final class Csv {

    private Csv() {
    }

    static String line(List<String> cells) {
        return cells.stream().map(Csv::cell).collect(Collectors.joining(",", "", "\r\n"));
    }

    static String cell(String value) {
        // a cell starting like a formula would be evaluated by spreadsheet programs: make it text
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
