package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** skillbus.js away longer than the resume window: it gets a new session and registers its patterns again. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "skillbus.resume.window=1s")
class SkillBusJsLostSessionTests {

    @LocalServerPort
    int port;

    @Test
    void aClientWhoseSessionExpiredRegistersAgainAndReceives() throws Exception {
        NodeWsClientTests.Result result = NodeWsClientTests.runScript("skillbus_js_lost_session.mjs", this.port);

        assertThat(result.output()).contains("second hello resumed=false same name=true").contains("received before,after")
                .contains("OK");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
