package dev.msgsuite.compute;

import dev.msgsuite.testsupport.settings.SettingsTables;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/compute.md, "Settings" and "Limits (compute-node)", against NodeProperties. */
class NodeSettingsDocsTests {

    @Test
    void settingsTablesStateEveryDefaultAsTheRecordsHaveIt() {
        SettingsTables.assertDocumented(Path.of("../docs/compute.md"), "compute.node.");
    }
}
