package dev.msgsuite.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metric names a Grafana dashboard under {@code ops/grafana/} queries, read from the PromQL
 * of its panels' targets (and of rows' nested panels), and the sample names a Prometheus scrape
 * serves, so a test can show that no panel of a service's dashboard stays empty because a metric
 * was renamed or never existed.
 */
public final class GrafanaDashboards {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");

    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");

    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool",
            "and", "or", "unless", "offset", "inf", "nan");

    private static final Pattern APPLICATION = Pattern.compile("application\\s*=\\s*\"([^\"]*)\"");

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    private GrafanaDashboards() {
    }

    /** The dashboard of a service: {@code ops/grafana/<name>.json} at the root of the checkout. */
    public static Path of(String service) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path dashboard = dir.resolve("ops/grafana").resolve(service + ".json");
            if (Files.isRegularFile(dashboard)) {
                return dashboard;
            }
        }
        throw new IllegalStateException("No ops/grafana/" + service + ".json above " + Path.of("").toAbsolutePath());
    }

    /** Every PromQL expression of the dashboard's panels. */
    public static List<String> expressions(Path dashboard) {
        try {
            List<String> expressions = new ArrayList<>();
            collect(JSON.readTree(Files.readString(dashboard)).path("panels"), expressions);
            return expressions;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The metric (sample) names the dashboard's expressions query. */
    public static Set<String> metricNames(Path dashboard) {
        Set<String> names = new TreeSet<>();
        expressions(dashboard).forEach(expression -> names.addAll(metricNames(expression)));
        return names;
    }

    /**
     * The metric names that the expressions of a dashboard covering several services (the
     * overview) query of one of them: those of expressions that select no other
     * {@code application}.
     */
    public static Set<String> metricNames(Path dashboard, String application) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions(dashboard)) {
            Matcher selected = APPLICATION.matcher(expression);
            boolean other = false;
            while (selected.find()) {
                other |= !selected.group(1).equals(application);
            }
            if (!other) {
                names.addAll(metricNames(expression));
            }
        }
        return names;
    }

    /** The metric names in one PromQL expression: identifiers that are no function, keyword, label or duration. */
    public static Set<String> metricNames(String expression) {
        String stripped = STRING.matcher(expression).replaceAll(" ");
        stripped = LABEL_MATCHERS.matcher(stripped).replaceAll(" ");
        stripped = RANGE.matcher(stripped).replaceAll(" ");
        stripped = GROUPING.matcher(stripped).replaceAll(" ");
        stripped = VARIABLE.matcher(stripped).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(stripped);
        while (identifier.find()) {
            String name = identifier.group();
            boolean function = stripped.substring(identifier.end()).stripLeading().startsWith("(");
            boolean number = identifier.start() > 0 && Character.isDigit(stripped.charAt(identifier.start() - 1));
            if (!function && !number && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }

    /** The sample names a Prometheus text exposition serves ({@code http_server_requests_seconds_count}, ...). */
    public static Set<String> served(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher sample = SAMPLE.matcher(exposition);
        while (sample.find()) {
            if (!sample.group(1).startsWith("#")) {
                names.add(sample.group(1));
            }
        }
        return names;
    }

    private static void collect(JsonNode panels, List<String> expressions) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    expressions.add(target.get("expr").asString());
                }
            }
            collect(panel.path("panels"), expressions);
        }
    }
}
