package dev.msgsuite.skillbus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTests {

    @Test
    void everyWireCodeIsDistinctAndLowercaseWithDashes() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::wire))
                .doesNotHaveDuplicates()
                .allMatch(wire -> wire.matches("[a-z]+(-[a-z]+)*"));
    }

    @Test
    void theWireCodeIsTheConstantNameInLowercaseWithDashes() {
        assertThat(ErrorCode.values()).allSatisfy(code ->
                assertThat(code.wire()).isEqualTo(code.name().toLowerCase().replace('_', '-')));
    }
}
