package dev.msgsuite.talker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The operator password is configured as a bcrypt hash, and only so. */
class TalkerOperatorPasswordSettingsTests {

    @Test
    void thePlaintextPasswordOfEarlierVersionsStopsTheStartAndNamesTheHashSetting() {
        assertThatThrownBy(() -> start("talker.operator-password=sesame")).rootCause()
            .hasMessageStartingWith("talker.operator-password (TALKER_OPERATOR_PASSWORD) is no longer read: "
                    + "set talker.operator-password-hash (TALKER_OPERATOR_PASSWORD_HASH)");
    }

    @Test
    void aHashThatIsNotBcryptStopsTheStart() {
        assertThatThrownBy(() -> start("talker.operator-password-hash=sesame")).rootCause()
            .hasMessageStartingWith("talker.operator-password-hash (TALKER_OPERATOR_PASSWORD_HASH) is not a bcrypt hash");
    }

    private static void start(String setting) {
        new SpringApplicationBuilder(TalkerServiceApplication.class)
            .properties(setting, "talker.port=0", "server.port=0", "management.server.port=0").run().close();
    }
}
