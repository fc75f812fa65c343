package dev.msgsuite.mailbin;

import dev.msgsuite.testsupport.settings.SettingsTables;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/mailbin.md, "Configuration of mailbin-service" and "Limits", against the intake, pipeline, API and live records. */
class MailbinSettingsDocsTests {

    @Test
    void settingsTablesStateEveryDefaultAsTheRecordsHaveIt() {
        SettingsTables.assertDocumented(Path.of("../docs/mailbin.md"), "mailbin.intake.", "mailbin.pipeline.", "mailbin.api.", "mailbin.live.");
    }
}
