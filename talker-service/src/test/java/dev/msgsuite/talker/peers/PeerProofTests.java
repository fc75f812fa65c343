package dev.msgsuite.talker.peers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerProofTests {

    private final PeerProof proof = new PeerProof("open sesame");

    @Test
    void aProofMadeWithTheSecretForOurNonceIsAccepted() {
        String nonce = PeerProof.newNonce();

        assertThat(this.proof.verify(true, nonce, this.proof.prove(true, nonce))).isTrue();
        assertThat(this.proof.verify(false, nonce, this.proof.prove(false, nonce))).isTrue();
    }

    @Test
    void aProofWithAnotherSecretOrForAnotherNonceIsRefused() {
        String nonce = PeerProof.newNonce();

        assertThat(this.proof.verify(true, nonce, new PeerProof("guess").prove(true, nonce))).isFalse();
        assertThat(this.proof.verify(true, nonce, this.proof.prove(true, PeerProof.newNonce()))).isFalse();
        assertThat(this.proof.verify(true, nonce, "")).isFalse();
    }

    @Test
    void ourOwnAnswerReflectedBackIsRefused() {
        String nonce = PeerProof.newNonce();
        // A dialer that sends us our own nonce on a second link gets the listener's answer, not the dialer's.
        String reflected = this.proof.prove(false, nonce);

        assertThat(this.proof.verify(true, nonce, reflected)).isFalse();
    }

    @Test
    void noncesDiffer() {
        assertThat(PeerProof.newNonce()).hasSize(32).isNotEqualTo(PeerProof.newNonce());
    }
}
