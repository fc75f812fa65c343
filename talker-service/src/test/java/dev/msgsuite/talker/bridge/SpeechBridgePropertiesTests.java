package dev.msgsuite.talker.bridge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msgsuite.talker.TalkerServiceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

class SpeechBridgePropertiesTests {

    @Test
    void aWildcardSkillStopsTheStartWithTheRule() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(TalkerServiceApplication.class)
                .properties("talker.bridge.skill=talker.*", "talker.port=0", "server.port=0").run().close())
                .rootCause().hasMessage("invalid skill 'talker.*': a published skill must not contain wildcards");
    }
}
