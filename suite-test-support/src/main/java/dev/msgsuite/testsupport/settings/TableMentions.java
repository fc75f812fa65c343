package dev.msgsuite.testsupport.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The properties the tables of a markdown document name, and the defaults they state (see {@link SettingsTables}). */
final class TableMentions {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private static final Pattern NAME = Pattern.compile("\\.?[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*(\\[[^\\]]*\\].*)?");

    private static final Pattern INLINE_DEFAULT = Pattern.compile("\\G \\(([^)]*)\\)");

    private TableMentions() {
    }

    /** A property named in a table, with the default the row states for it, if any. */
    record Mention(int line, String name, @Nullable String documented) {
    }

    static List<Mention> of(List<String> lines) {
        List<Mention> mentions = new ArrayList<>();
        int defaultColumn = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("|")) {
                defaultColumn = -1;
                continue;
            }
            List<String> cells = cells(line);
            boolean header = i + 1 < lines.size() && lines.get(i + 1).strip().matches("\\|[-:| ]+\\|?")
                    && (i == 0 || !lines.get(i - 1).strip().startsWith("|"));
            if (header) {
                defaultColumn = -1;
                for (int c = 1; c < cells.size(); c++) {
                    if (cells.get(c).toLowerCase(Locale.ROOT).contains("default")) {
                        defaultColumn = c;
                    }
                }
                continue;
            }
            if (line.matches("\\|[-:| ]+\\|?")) {
                continue;
            }
            for (int c = 0; c < cells.size(); c++) {
                boolean firstWithDefaults = c == 0 && defaultColumn > 0 && defaultColumn < cells.size();
                mentions.addAll(firstWithDefaults ? withDefaultColumn(i + 1, cells.get(0), cells.get(defaultColumn))
                        : inCell(i + 1, cells.get(c)));
            }
        }
        return mentions;
    }

    private static List<Mention> withDefaultColumn(int line, String cell, String defaults) {
        List<String> names = names(cell);
        List<Mention> mentions = new ArrayList<>();
        String value = defaults.strip();
        if (!value.startsWith("(") && value.contains(" (")) {
            value = value.substring(0, value.indexOf(" (")).strip();
        }
        List<String> values = names.size() > 1 && value.contains(" / ") ? List.of(value.split(" / ")) : List.of(value);
        if (values.size() != 1 && values.size() != names.size()) {
            throw new IllegalStateException("line " + line + ": " + names.size() + " properties but " + values.size()
                    + " defaults: " + cell + " | " + defaults);
        }
        for (int n = 0; n < names.size(); n++) {
            mentions.add(new Mention(line, names.get(n), value(values.get(values.size() == 1 ? 0 : n))));
        }
        return mentions;
    }

    /** The value in code ({@code `64KB` per client}), or the text ({@code 0s}). */
    private static String value(String text) {
        Matcher code = CODE.matcher(text);
        return code.find() ? code.group(1).strip() : text.strip();
    }

    private static List<Mention> inCell(int line, String cell) {
        List<Mention> mentions = new ArrayList<>();
        Matcher code = CODE.matcher(cell);
        String previous = null;
        while (code.find()) {
            String token = code.group(1).strip();
            if (!NAME.matcher(token).matches()) {
                continue;
            }
            String name;
            if (token.startsWith(".") && previous != null) {
                name = parent(previous) + token;
            }
            else if (!token.startsWith(".") && token.contains(".")) {
                name = token;
                previous = token;
            }
            else {
                continue;
            }
            Matcher inline = INLINE_DEFAULT.matcher(cell);
            String documented = null;
            if (inline.find(code.end())) {
                documented = value(inline.group(1).split(";|,|: | = ", 2)[0]);
            }
            mentions.add(new Mention(line, name, documented));
        }
        return mentions;
    }

    private static List<String> names(String cell) {
        List<String> names = new ArrayList<>();
        Matcher code = CODE.matcher(cell);
        String previous = null;
        while (code.find()) {
            String token = code.group(1).strip();
            if (!NAME.matcher(token).matches()) {
                continue;
            }
            if (!token.startsWith(".") && token.contains(".")) {
                names.add(token);
                previous = token;
            }
            else if (previous != null) {
                names.add(parent(previous) + "." + (token.startsWith(".") ? token.substring(1) : token));
            }
        }
        return names;
    }

    private static String parent(String name) {
        return name.substring(0, name.lastIndexOf('.'));
    }

    private static List<String> cells(String row) {
        String inner = row.substring(1, row.endsWith("|") && !row.endsWith("\\|") ? row.length() - 1 : row.length());
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char ch = inner.charAt(i);
            if (ch == '|' && (i == 0 || inner.charAt(i - 1) != '\\')) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            }
            else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
