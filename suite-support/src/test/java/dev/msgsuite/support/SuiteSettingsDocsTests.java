package dev.msgsuite.support;

import dev.msgsuite.testsupport.settings.SettingsTables;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The settings every service shares, against SuiteSecurityProperties and SkillBusProperties. */
class SuiteSettingsDocsTests {

    @Test
    void securitySettingsTableStatesEveryDefaultAsTheRecordHasIt() {
        SettingsTables.assertDocumented(Path.of("../docs/security.md"), "suite.security.");
    }

    @Test
    void eventPublisherSettingsTableStatesEveryDefaultAsTheRecordHasIt() {
        SettingsTables.assertDocumented(Path.of("../docs/protocol.md"), "suite.skillbus.");
    }
}
