package dev.msgsuite.talker;

import dev.msgsuite.support.skillbus.BusEvents;
import dev.msgsuite.talker.bridge.SpeechBridge;
import dev.msgsuite.talker.bridge.SpeechBridgeProperties;
import dev.msgsuite.talker.ops.TalkerHealthIndicator;
import dev.msgsuite.talker.settings.TalkerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ TalkerProperties.class, SpeechBridgeProperties.class })
class TalkerConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    TalkerServer talkerServer(TalkerProperties properties, MeterRegistry registry, SpeechBridgeProperties bridge,
            BusEvents events, PasswordEncoder passwordEncoder, Environment environment) {
        refusePlaintextOperatorPassword(environment);
        TalkerServer server = new TalkerServer(properties, registry, passwordEncoder);
        if (bridge.enabled()) {
            server.onLocalSpeech(new SpeechBridge(events, bridge.skill(), server.serverId()));
        }
        return server;
    }

    /** The plaintext setting of earlier versions must not be silently ignored: its owner thinks it protects. */
    static void refusePlaintextOperatorPassword(Environment environment) {
        String plaintext = Binder.get(environment).bind("talker.operator-password", String.class).orElse("");
        if (!plaintext.isBlank()) {
            throw new IllegalStateException("talker.operator-password (TALKER_OPERATOR_PASSWORD) is no longer read: "
                    + "set talker.operator-password-hash (TALKER_OPERATOR_PASSWORD_HASH) to a bcrypt hash of the "
                    + "password instead (scripts/create-credentials.sh makes one, as does "
                    + "htpasswd -bnBC 10 \"\" '<password>' | tr -d ':\\n') and remove the plaintext setting");
        }
    }

    @Bean
    TalkerHealthIndicator talkerHealthIndicator(TalkerServer server) {
        return new TalkerHealthIndicator(server.metrics(), server.serverId());
    }
}
