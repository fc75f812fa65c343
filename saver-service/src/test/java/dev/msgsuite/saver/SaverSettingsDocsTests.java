package dev.msgsuite.saver;

import dev.msgsuite.testsupport.settings.SettingsTables;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/compute.md, "Settings" and "Limits", against SaverProperties. */
class SaverSettingsDocsTests {

    @Test
    void settingsTablesStateEveryDefaultAsTheRecordsHaveIt() {
        SettingsTables.assertDocumented(Path.of("../docs/compute.md"), "saver.");
    }
}
