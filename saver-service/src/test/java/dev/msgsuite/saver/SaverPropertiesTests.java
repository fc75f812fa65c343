package dev.msgsuite.saver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class SaverPropertiesTests {

    @Test
    void refusesAPublishingWindowThatCouldNeverSendAJob() {
        assertThatThrownBy(() -> bind(Map.of("saver.max-unconfirmed-job-messages", "0"))).isInstanceOf(BindException.class)
                .rootCause().hasMessage("saver.max-unconfirmed-job-messages must be at least 1, not 0");
        assertThat(bind(Map.of("saver.max-unconfirmed-job-messages", "1")).maxUnconfirmedJobMessages()).isEqualTo(1);
    }

    @Test
    void limitsDefaultToBoundsAHeapOfAFewHundredMegabytesAffords() {
        SaverProperties.Limits limits = bind(Map.of()).limits();

        assertThat(limits.maxRequestBody()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(limits.maxJobAnswers()).isEqualTo(64_000_000);
        // 64 MB of result messages of at most 1088 KB each
        assertThat(limits.resultPrefetch()).isEqualTo(60);
    }

    @Test
    void refusesAnIntakeBudgetThatCannotHoldOneResult() {
        assertThatThrownBy(() -> bind(Map.of("saver.limits.result-intake-bytes", "1MB"))).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("must hold at least one saver.limits.max-result-message");
    }

    private static SaverProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("saver", SaverProperties.class);
    }
}
