package dev.msgsuite.talker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msgsuite.talker.support.LineClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

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

    @Test
    void aHashMadeByHtpasswdLetsTheOperatorIn() throws Exception {
        // htpasswd -bnBC 4 "" sesame | tr -d ':\n'
        String hash = "$2y$04$GTwpf7lLjvOjwF0LZBhyleYeufJ39HvGFuhqW443RCqoLSXGvPpEO";
        try (ConfigurableApplicationContext context = application("talker.operator-password-hash=" + hash).run();
                LineClient alice = LineClient.join(context.getBean(TalkerServer.class).clientPort(), "alice")) {
            alice.send("/oper sesame");
            alice.awaitLine("You are now an operator");
        }
    }

    private static void start(String setting) {
        application(setting).run().close();
    }

    private static SpringApplicationBuilder application(String setting) {
        return new SpringApplicationBuilder(TalkerServiceApplication.class)
            .properties(setting, "talker.port=0", "server.port=0", "management.server.port=0");
    }
}
