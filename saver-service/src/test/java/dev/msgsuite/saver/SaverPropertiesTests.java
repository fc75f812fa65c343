package dev.msgsuite.saver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SaverPropertiesTests {

    @Test
    void refusesAPublishingWindowThatCouldNeverSendAJob() {
        assertThatIllegalArgumentException().isThrownBy(() -> properties(0))
                .withMessage("saver.max-unconfirmed-job-messages must be at least 1, not 0");
        assertThat(properties(1).maxUnconfirmedJobMessages()).isEqualTo(1);
    }

    private static SaverProperties properties(int maxUnconfirmedJobMessages) {
        return new SaverProperties(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(10), 100, 1_000_000, 50,
                Duration.ofMillis(100), Duration.ofMillis(500), maxUnconfirmedJobMessages);
    }
}
