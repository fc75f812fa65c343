package dev.msgsuite.testsupport.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsTablesTests {

    private static final Map<String, SettingsTables.Property> METADATA = Map.of(
            "demo.port", property("demo.port", 8889),
            "demo.limits.burst", property("demo.limits.burst", 40),
            "demo.limits.rate", property("demo.limits.rate", 20),
            "demo.backoff.initial", property("demo.backoff.initial", "500ms"),
            "demo.backoff.max", property("demo.backoff.max", "15s"),
            "demo.hosts", property("demo.hosts", List.of("127.0.0.1", "::1")),
            "demo.secret", property("demo.secret", null),
            "demo.enabled", property("demo.enabled", true),
            "other.size", property("other.size", "1MB"));

    @TempDir
    Path dir;

    @Test
    void acceptsTablesThatStateEveryDefaultInEitherForm() throws IOException {
        assertThat(problems("""
                | property | default | meaning |
                |---|---|---|
                | `demo.port` | 8889 | client port |
                | `demo.limits.rate` / `burst` | 20 / 40 | rate limit |
                | `demo.hosts` | `127.0.0.1, ::1` | listen hosts |
                | `demo.secret` | (none: anyone may link) | shared secret |
                | `demo.enabled` | true (off in tests) | whether |

                | Input | Limit (property, default) | Beyond it |
                |---|---|---|
                | batches | `demo.backoff.initial` (500ms; doubling) and `.max` (15s) | back to the queue, counted in `demo.batches.requeued` |
                """)).isEmpty();
    }

    @Test
    void namesEveryDefaultThatDiffersFromTheRecord() throws IOException {
        assertThat(problems("""
                | property | default | meaning |
                |---|---|---|
                | `demo.port` | 8888 | client port |
                | `demo.limits.rate` / `burst` | 20 / 41 | rate limit |
                | `demo.hosts` | 127.0.0.1 | listen hosts |
                | `demo.secret` | s3cret | shared secret |
                | `demo.enabled` | (unless set) | whether |
                | `demo.backoff.initial` / `.max` | 500ms / 15s | |
                """)).containsExactly(
                "doc.md:3: `demo.port` says 8888 but the record's default is 8889 (Demo)",
                "doc.md:4: `demo.limits.burst` says 41 but the record's default is 40 (Demo)",
                "doc.md:5: `demo.hosts` says 127.0.0.1 but the record's default is 127.0.0.1, ::1 (Demo)",
                "doc.md:6: `demo.secret` says s3cret but the record has no default (Demo)",
                "doc.md:7: `demo.enabled` says (unless set) but the record's default is true (Demo)");
    }

    @Test
    void namesPropertiesThatDoNotExistAndPropertiesWithoutARow() throws IOException {
        assertThat(problems("""
                | property | default |
                |---|---|
                | `demo.port` | 8889 |
                | `demo.fetch-attempts` | 3 |
                | `demo.limits.rate` / `burst` | 20 / 40 |
                | `demo.secret` | (none) |
                | `demo.enabled` | true |
                | `demo.backoff.initial` / `.max` | 500ms / 15s |
                """)).containsExactly(
                "doc.md:4: `demo.fetch-attempts` is no property of any @ConfigurationProperties record",
                "`demo.hosts` (default 127.0.0.1, ::1, Demo) has no row stating its default");
    }

    @Test
    void readsNoProseAndNoOtherPrefix() throws IOException {
        assertThat(problems("""
                `demo.port` (1) in prose is not a table.

                | property | default |
                |---|---|
                | `other.size` | 2MB |
                """)).hasSize(METADATA.size() - 1);
    }

    private List<String> problems(String markdown) throws IOException {
        Path doc = Files.writeString(this.dir.resolve("doc.md"), markdown);
        return SettingsTables.problems(doc, METADATA, "demo.");
    }

    private static SettingsTables.Property property(String name, Object defaultValue) {
        return new SettingsTables.Property(name, defaultValue, "dev.example.Demo");
    }
}
