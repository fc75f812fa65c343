package dev.msgsuite.testsupport.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.fail;

/**
 * Checks the settings tables of a markdown document against the configuration metadata that
 * {@code spring-boot-configuration-processor} generates from the {@code @ConfigurationProperties}
 * records (every {@code META-INF/spring-configuration-metadata.json} on the test classpath), so
 * the record stays the one home of each default and the docs cannot drift from it. For the
 * properties under the given prefixes:
 * <ul>
 * <li>every one a table gives a default for exists (a renamed or removed property fails);</li>
 * <li>every default a table states is the record's: {@code 16MB}, {@code 30s},
 * {@code 127.0.0.1, ::1}; {@code []} or {@code (none)} for no value. A default in parentheses
 * describes what happens without a value ({@code (host name + random suffix)}) and is allowed only
 * where the record gives none;</li>
 * <li>every one has its default stated in some table (a new property without a row fails).</li>
 * </ul>
 * A table states defaults in one of two ways. In a column whose header says "default", for the
 * properties named in the row's first column (several at once as {@code `a.b` / `c`} with
 * {@code 1 / 2}; a value in code may be followed by its unit, {@code `64KB` per client}, and any
 * value by an explanation in parentheses, {@code 0 (off)}). Or right
 * after a property anywhere in a row: {@code `saver.limits.max-nodes` (1000)}, where whatever
 * follows a {@code ;}, {@code ,} or {@code :} inside the parentheses is explanation. A name
 * without its prefix ({@code `burst`}, {@code `.max`}) is a sibling of the property before it in
 * the same cell. Prose outside tables is not read.
 */
public final class SettingsTables {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private static final Set<String> NO_VALUE = Set.of("", "[]", "(none)", "(unset)", "none", "unset", "empty");

    private SettingsTables() {
    }

    /**
     * Fails, listing every problem, unless the tables of {@code markdown} document the properties
     * under {@code prefixes} as the configuration metadata has them.
     *
     * @param markdown the document, e.g. {@code Path.of("../docs/compute.md")} from a module's tests
     * @param prefixes property name prefixes this module owns, e.g. {@code "saver."}
     */
    public static void assertDocumented(Path markdown, String... prefixes) {
        List<String> problems = problems(markdown, metadata(), prefixes);
        if (!problems.isEmpty()) {
            fail("The settings tables of " + markdown + " do not match the configuration metadata ("
                    + METADATA + ", generated from the @ConfigurationProperties records):\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** Every property of every metadata file on the classpath, by name. */
    public static Map<String, Property> metadata() {
        Map<String, Property> properties = new TreeMap<>();
        JsonMapper json = JsonMapper.builder().build();
        try {
            for (URL url : Collections.list(Thread.currentThread().getContextClassLoader().getResources(METADATA))) {
                try (InputStream in = url.openStream()) {
                    Map<?, ?> document = json.readValue(in, Map.class);
                    Object list = document.get("properties");
                    if (list instanceof List<?> entries) {
                        for (Object entry : entries) {
                            Map<?, ?> property = (Map<?, ?>) entry;
                            String name = (String) property.get("name");
                            properties.putIfAbsent(name, new Property(name, property.get("defaultValue"),
                                    String.valueOf(property.get("sourceType"))));
                        }
                    }
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return properties;
    }

    static List<String> problems(Path markdown, Map<String, Property> metadata, String... prefixes) {
        List<TableMentions.Mention> mentions;
        try {
            mentions = TableMentions.of(Files.readAllLines(markdown));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<String> problems = new ArrayList<>();
        Map<String, TableMentions.Mention> stated = new LinkedHashMap<>();
        Set<String> named = new HashSet<>();
        for (TableMentions.Mention mention : mentions) {
            if (Arrays.stream(prefixes).noneMatch(mention.name()::startsWith)) {
                continue;
            }
            String where = markdown.getFileName() + ":" + mention.line() + ": `" + mention.name() + "`";
            int bracket = mention.name().indexOf('[');
            String name = bracket < 0 ? mention.name() : mention.name().substring(0, bracket);
            Property property = metadata.get(name);
            if (property == null) {
                // a name merely mentioned may be a metric or an exchange of the same prefix
                if (mention.documented() != null) {
                    problems.add(where + " is no property of any @ConfigurationProperties record");
                }
                continue;
            }
            named.add(name);
            if (mention.documented() == null || bracket >= 0) {
                continue;
            }
            stated.putIfAbsent(name, mention);
            String mismatch = mismatch(mention.documented(), property.defaultValue());
            if (mismatch != null) {
                problems.add(where + " " + mismatch + " (" + simpleName(property.sourceType()) + ")");
            }
        }
        for (Property property : metadata.values()) {
            if (Arrays.stream(prefixes).noneMatch(property.name()::startsWith)) {
                continue;
            }
            boolean documented = stated.containsKey(property.name())
                    || (noValue(property.defaultValue()) && named.contains(property.name()));
            if (!documented) {
                problems.add("`" + property.name() + "` (default " + describe(property.defaultValue()) + ", "
                        + simpleName(property.sourceType()) + ") has no row stating its default");
            }
        }
        return problems;
    }

    /** Why the documented default is not the record's, or {@code null} when it is. */
    private static @Nullable String mismatch(String documented, @Nullable Object actual) {
        String text = documented.replace("`", "").strip();
        if (NO_VALUE.contains(text.toLowerCase(Locale.ROOT)) || text.startsWith("(")) {
            return noValue(actual) ? null : "says " + documented + " but the record's default is " + describe(actual);
        }
        if (noValue(actual)) {
            return "says " + documented + " but the record has no default";
        }
        return same(text, actual) ? null : "says " + documented + " but the record's default is " + describe(actual);
    }

    private static boolean same(String documented, Object actual) {
        List<String> list = list(actual);
        if (list != null) {
            List<String> items = list(documented);
            return (items != null ? items : List.of(documented)).equals(list);
        }
        String value = String.valueOf(actual);
        if (actual instanceof Boolean) {
            return documented.equalsIgnoreCase(value);
        }
        try {
            return new BigDecimal(documented).compareTo(new BigDecimal(value)) == 0;
        }
        catch (NumberFormatException ex) {
            return documented.equals(value);
        }
    }

    /**
     * The items of a list default: the processor writes some as a JSON array, others (from an
     * explicit canonical constructor) as the text {@code [a, b]}; a document writes {@code a, b}.
     */
    private static @Nullable List<String> list(@Nullable Object value) {
        if (value instanceof List<?> items) {
            return items.stream().map(String::valueOf).toList();
        }
        if (value instanceof String text && (text.startsWith("[") && text.endsWith("]") || text.contains(","))) {
            String inner = text.startsWith("[") ? text.substring(1, text.length() - 1) : text;
            return inner.isBlank() ? List.of() : Arrays.stream(inner.split(",")).map(String::strip).toList();
        }
        return null;
    }

    private static boolean noValue(@Nullable Object value) {
        List<String> list = list(value);
        return value == null || "".equals(value) || (list != null && list.isEmpty());
    }

    private static String describe(@Nullable Object value) {
        if (noValue(value)) {
            return "none";
        }
        List<String> list = list(value);
        return list != null ? String.join(", ", list) : String.valueOf(value);
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
    }

    /** One property of the metadata: its name, default (a string, number, boolean or list) and record. */
    public record Property(String name, @Nullable Object defaultValue, String sourceType) {
    }
}
