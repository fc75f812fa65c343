package dev.msgsuite.bus.websocket;

import org.springframework.test.context.TestPropertySource;

/** The same page with {@code skillbus.compression.enabled=true}: Chromium's deflate offer accepted, every frame compressed. */
@TestPropertySource(properties = "skillbus.compression.enabled=true")
class SkillBusJsDeflateBrowserTests extends SkillBusJsBrowserTests {

    @Override
    String acceptedExtensions() {
        return "permessage-deflate.*server_no_context_takeover.*";
    }
}
