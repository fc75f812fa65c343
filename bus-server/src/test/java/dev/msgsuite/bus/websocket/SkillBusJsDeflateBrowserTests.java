package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.bus.metrics.BusMetrics;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The same page with {@code skillbus.compression.enabled=true}: Chromium's deflate offer accepted;
 * every odd packet is large enough to be deflated (once, the shared bytes behind the delivery id
 * in a stored block), every even one travels uncompressed, on the same connection.
 */
@TestPropertySource(properties = "skillbus.compression.enabled=true")
class SkillBusJsDeflateBrowserTests extends SkillBusJsBrowserTests {

    private static final String PADDING = "sensor kitchen, 21.5 celsius; ".repeat(60);

    @Autowired
    BusMetrics metrics;

    @Override
    String acceptedExtensions() {
        return "permessage-deflate.*server_no_context_takeover.*";
    }

    @Override
    byte[] packet(int n) {
        if (n % 2 == 0) {
            return super.packet(n);
        }
        return ("{\"skill\":\"browser.in\",\"payload\":\"" + n + "\",\"padding\":\"" + PADDING + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    void checkCompression() {
        assertThat(this.metrics.packetsCompressed()).as("the odd packets, each deflated once").isEqualTo(1000);
        assertThat(this.metrics.framesCompressed()).as("frames sent deflated, resends included").isGreaterThanOrEqualTo(1000);
    }
}
