package dev.msgsuite.mailbin.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntakeOriginsTests {

    @Test
    void originsCompareAsBrowsersSendThem() {
        assertThat(IntakeOrigins.serialize("HTTPS://Forms.Example:443/contact.html?x=1")).isEqualTo("https://forms.example");
        assertThat(IntakeOrigins.serialize("http://forms.example:80")).isEqualTo("http://forms.example");
        assertThat(IntakeOrigins.serialize("http://localhost:8080/")).isEqualTo("http://localhost:8080");
        assertThat(IntakeOrigins.serialize("null")).isNull();
        assertThat(IntakeOrigins.serialize("file:///tmp/form.html")).isNull();
        assertThat(IntakeOrigins.serialize("https://exa mple.org")).isNull();
    }

    @Test
    void aConfiguredValueThatIsNoOriginStopsTheStart() {
        assertThatIllegalArgumentException().isThrownBy(() -> new IntakeOrigins(List.of(URI.create("forms.example"))))
                .withMessageContaining("mailbin.intake.allowed-origins");
    }
}
