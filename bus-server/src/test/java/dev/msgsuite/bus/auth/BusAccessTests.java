package dev.msgsuite.bus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BusAccessTests {

    @Test
    void nothingConfiguredOpensWebsocketAndHttp() {
        BusAccess access = new BusAccess(false, false);

        assertThat(access.open()).isTrue();
        assertThat(access.websocketOpen()).isTrue();
        assertThat(access.httpOpen()).isTrue();
        assertThat(access.openWarning()).contains("local development", "'#'", "SKILLBUS_AUTH_TOKENS_0_", "SUITE_SECURITY_USERS_0_");
    }

    @Test
    void usersWithoutBusTokensCloseHttpButWarnThatTheWebsocketIsOpen() {
        BusAccess access = new BusAccess(false, true);

        assertThat(access.open()).isFalse();
        assertThat(access.websocketOpen()).isTrue();
        assertThat(access.httpOpen()).isFalse();
        assertThat(access.mode()).isEqualTo("open-websocket");
        assertThat(access.openWarning()).contains("'#'", "SKILLBUS_AUTH_TOKENS_0_");
    }

    @Test
    void busTokensCloseTheBusWhetherOrNotUsersAreConfigured() {
        for (boolean users : new boolean[] { true, false }) {
            BusAccess access = new BusAccess(true, users);

            assertThat(access.open()).isFalse();
            assertThat(access.websocketOpen()).isFalse();
            assertThat(access.httpOpen()).isFalse();
            assertThat(access.mode()).isEqualTo("closed");
            assertThat(access.openWarning()).isNull();
        }
    }
}
