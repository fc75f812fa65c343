package dev.msgsuite.talker.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PeerLineTests {

    @Test
    void parsesABroadcastWhoseTextKeepsItsPipes() {
        PeerLine line = PeerLine.parse("0123456789abcdef0123|7|SpeechObserver|SAY|alice|a | b");

        assertThat(line.unicast()).isFalse();
        assertThat(line.source()).isEqualTo("0123456789abcdef0123");
        assertThat(line.messageId()).isEqualTo(7);
        assertThat(line.observer()).isEqualTo("SpeechObserver");
        assertThat(line.method()).isEqualTo("SAY");
        assertThat(line.fields(2)).containsExactly("alice", "a | b");
    }

    @Test
    void parsesAUnicastIAmWithItsTrailingPipe() {
        PeerLine line = PeerLine.parse("!abc|1|TopologyObserver|i-am|");

        assertThat(line.unicast()).isTrue();
        assertThat(line.args()).isEmpty();
        assertThat(line.format()).isEqualTo("!abc|1|TopologyObserver|i-am|");
    }

    @Test
    void formatsExactlyWhatItParsed() {
        String raw = "abc|12|WhoObserver|ScatterGatherMixin.gather|def|3|alice;bob";

        assertThat(PeerLine.parse(raw).format()).isEqualTo(raw);
    }

    @Test
    void refusesLinesThatDoNotFollowTheProtocol() {
        assertThatThrownBy(() -> PeerLine.parse("hello world")).isInstanceOf(PeerLine.MalformedPeerLineException.class);
        assertThatThrownBy(() -> PeerLine.parse("abc|x|SpeechObserver|SAY|a|b"))
            .isInstanceOf(PeerLine.MalformedPeerLineException.class);
        assertThatThrownBy(() -> PeerLine.parse("abc|-1|SpeechObserver|SAY|a|b"))
            .isInstanceOf(PeerLine.MalformedPeerLineException.class);
        assertThatThrownBy(() -> PeerLine.parse("a b|1|SpeechObserver|SAY|a|b"))
            .isInstanceOf(PeerLine.MalformedPeerLineException.class);
        assertThatThrownBy(() -> PeerLine.parse("|1|SpeechObserver|SAY|a|b"))
            .isInstanceOf(PeerLine.MalformedPeerLineException.class);
    }

    @Test
    void refusesArgsWithTooFewFields() {
        PeerLine line = PeerLine.parse("abc|1|SpeechObserver|SAY|alice");

        assertThatThrownBy(() -> line.fields(2)).isInstanceOf(PeerLine.MalformedPeerLineException.class);
    }
}
