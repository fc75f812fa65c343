package dev.msgsuite.bus;

import dev.msgsuite.testsupport.settings.SettingsTables;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/protocol.md, "Limits" and "Settings", against BusProperties and CompressionProperties. */
class BusSettingsDocsTests {

    @Test
    void settingsTablesStateEveryDefaultAsTheRecordsHaveIt() {
        SettingsTables.assertDocumented(Path.of("../docs/protocol.md"), "skillbus.");
    }
}
