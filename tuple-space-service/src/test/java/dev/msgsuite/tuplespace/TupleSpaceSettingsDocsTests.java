package dev.msgsuite.tuplespace;

import dev.msgsuite.testsupport.settings.SettingsTables;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/tuplespace.md's settings and limits tables against the tuple space's records. */
class TupleSpaceSettingsDocsTests {

    @Test
    void settingsTablesStateEveryDefaultAsTheRecordsHaveIt() {
        SettingsTables.assertDocumented(Path.of("../docs/tuplespace.md"), "tuplespace.");
    }
}
