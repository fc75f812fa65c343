package dev.msgsuite.talker.chat;

/** Hears what this server's own users say (not speech relayed from other servers). */
@FunctionalInterface
public interface SpeechListener {

    /** Called on the server's event loop; must not block. */
    void spoke(String nickname, String text, boolean action);

    SpeechListener NONE = (nickname, text, action) -> {
    };
}
