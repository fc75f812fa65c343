package dev.msgsuite.talker.chat;

import dev.msgsuite.talker.mesh.Mesh;
import dev.msgsuite.talker.mesh.PeerLine;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /tell} to a user of any server: local users directly, others by a broadcast
 * {@code tell} that the user's server acknowledges with a broadcast {@code told}; without an
 * acknowledgement in time the sender learns nobody got it.
 */
public final class TellService {

    public static final String TELL = "TellObserver";

    private record Pending(ClientSession sender, String target, String text) {
    }

    private final Mesh mesh;

    private final Chat chat;

    private final Scheduler scheduler;

    private final Duration timeout;

    private final Map<String, Pending> pending = new HashMap<>();

    private long tells;

    public TellService(Mesh mesh, Chat chat, Scheduler scheduler, Duration timeout) {
        this.mesh = mesh;
        this.chat = chat;
        this.scheduler = scheduler;
        this.timeout = timeout;
        mesh.observe(TELL, this::onMessage);
    }

    public void tell(ClientSession sender, String target, String text) {
        Optional<ClientSession> local = this.chat.find(target);
        if (local.isPresent()) {
            local.get().send(sender.name() + " whispers: " + text);
            sender.send("You whisper to " + local.get().name() + ": " + text);
            return;
        }
        if (this.mesh.reachable().size() <= 1) {
            sender.send("No user named " + target + " here");
            return;
        }
        String id = Long.toString(++this.tells);
        this.pending.put(id, new Pending(sender, target, text));
        this.mesh.broadcast(TELL, "tell", id + "|" + sender.name() + "|" + target + "|" + text);
        this.scheduler.schedule(this.timeout, () -> {
            Pending lost = this.pending.remove(id);
            if (lost != null) {
                lost.sender().send("No user named " + target + " answered on the " + this.mesh.reachable().size()
                        + " reachable servers");
            }
        });
    }

    private void onMessage(PeerLine line) {
        switch (line.method()) {
            case "tell" -> {
                String[] fields = line.fields(4);
                this.chat.find(fields[2]).ifPresent(user -> {
                    user.send(fields[1] + " whispers: " + fields[3]);
                    this.mesh.broadcast(TELL, "told", line.source() + "|" + fields[0] + "|" + user.name());
                });
            }
            case "told" -> {
                String[] fields = line.fields(3);
                if (fields[0].equals(this.mesh.self())) {
                    Pending told = this.pending.remove(fields[1]);
                    if (told != null) {
                        told.sender().send("You whisper to " + fields[2] + ": " + told.text());
                    }
                }
            }
            default -> throw new PeerLine.MalformedPeerLineException("unknown tell method " + line.method());
        }
    }
}
