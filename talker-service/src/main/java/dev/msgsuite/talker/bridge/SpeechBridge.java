package dev.msgsuite.talker.bridge;

import dev.msgsuite.support.skillbus.BusEvents;
import dev.msgsuite.talker.chat.SpeechListener;

/**
 * Publishes what this server's users say to the skill bus, one event per line, so anything on
 * the bus can follow the chat live.
 */
public final class SpeechBridge implements SpeechListener {

    /** The event's payload. */
    public record Speech(String server, String nickname, String text, boolean action) {
    }

    private final BusEvents events;

    private final String skill;

    private final String serverId;

    public SpeechBridge(BusEvents events, String skill, String serverId) {
        this.events = events;
        this.skill = skill;
        this.serverId = serverId;
    }

    @Override
    public void spoke(String nickname, String text, boolean action) {
        this.events.publish(this.skill, new Speech(this.serverId, nickname, text, action));
    }
}
