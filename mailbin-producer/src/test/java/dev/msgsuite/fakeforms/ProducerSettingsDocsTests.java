package dev.msgsuite.fakeforms;

import dev.msgsuite.testsupport.settings.SettingsTables;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/mailbin.md, "Fake-form producer", against ProducerProperties. */
class ProducerSettingsDocsTests {

    @Test
    void settingsTablesStateEveryDefaultAsTheRecordsHaveIt() {
        SettingsTables.assertDocumented(Path.of("../docs/mailbin.md"), "mailbin.producer.");
    }
}
