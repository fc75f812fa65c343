package dev.msgsuite.skillbus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CloseCodeTests {

    @Test
    void theBusOwnCodesLieInTheRangeForApplications() {
        // 4000-4999 is reserved for private use (RFC 6455 7.4.2); 1013 is the registered "try again later"
        assertThat(List.of(CloseCode.TAKEN_OVER, CloseCode.QUEUE_OVERFLOW, CloseCode.REPLIES_UNREAD))
                .allMatch(code -> code >= 4000 && code <= 4999)
                .doesNotHaveDuplicates();
        assertThat(CloseCode.BUS_FULL).isEqualTo(1013);
    }
}
