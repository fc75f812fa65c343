package dev.msgsuite.talker;

import dev.msgsuite.testsupport.settings.SettingsTables;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/talker.md, "Configuration", against TalkerProperties and SpeechBridgeProperties. */
class TalkerSettingsDocsTests {

    @Test
    void settingsTablesStateEveryDefaultAsTheRecordsHaveIt() {
        SettingsTables.assertDocumented(Path.of("../docs/talker.md"), "talker.");
    }
}
