package dev.msgsuite.talker.mesh;

/** Handles the peer lines addressed to one observer name (e.g. {@code SpeechObserver}). */
@FunctionalInterface
public interface MeshObserver {

    void onMessage(PeerLine message);
}
