package dev.msgsuite.talker.bridge;

import dev.msgsuite.skillbus.protocol.SkillNames;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Speech on the skill bus. Takes effect only when the service publishes events at all
 * ({@code suite.skillbus.url}).
 *
 * @param enabled whether this server's speech is published
 * @param skill the skill it is published to
 */
@ConfigurationProperties("talker.bridge")
public record SpeechBridgeProperties(@DefaultValue("true") boolean enabled, @DefaultValue("talker.speech") String skill) {

    public SpeechBridgeProperties {
        SkillNames.requireSkill(skill);
    }
}
