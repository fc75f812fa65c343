package dev.msgsuite.talker.chat;

import dev.msgsuite.talker.mesh.Mesh;
import dev.msgsuite.talker.mesh.PeerLine;
import dev.msgsuite.talker.ops.TalkerMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The users of this server and what they say: speech, actions, joins, leaves and renames reach
 * every user of every linked server. Nicknames are unique on this server, case-insensitively.
 */
public final class Chat {

    public static final String SPEECH = "SpeechObserver";

    public static final String PRESENCE = "PresenceObserver";

    public static final int MAX_NICKNAME = 24;

    private static final Pattern NICKNAME = Pattern.compile("[\\p{Alnum}]{1," + MAX_NICKNAME + "}");

    private final Mesh mesh;

    private final TalkerMetrics metrics;

    private final Map<String, ClientSession> byName = new LinkedHashMap<>();

    private long guests;

    private volatile SpeechListener localSpeech = SpeechListener.NONE;

    public Chat(Mesh mesh, TalkerMetrics metrics) {
        this.mesh = mesh;
        this.metrics = metrics;
        mesh.observe(SPEECH, this::onSpeech);
        mesh.observe(PRESENCE, this::onPresence);
    }

    public ClientSession join(ClientConnection connection) {
        String name;
        do {
            name = "guest" + (++this.guests);
        }
        while (this.byName.containsKey(key(name)));
        ClientSession session = new ClientSession(connection, name, this.metrics);
        this.byName.put(key(name), session);
        this.metrics.clients(this.byName.size());
        session.send("Welcome, " + name + " (type /help for commands)");
        local(name + " has joined");
        this.mesh.broadcast(PRESENCE, "joined", name);
        return session;
    }

    public void leave(ClientSession session) {
        if (this.byName.remove(key(session.name()), session)) {
            session.closed();
            this.metrics.clients(this.byName.size());
            local(session.name() + " has left");
            this.mesh.broadcast(PRESENCE, "left", session.name());
        }
    }

    public void say(ClientSession session, String text) {
        local(session.name() + ": " + text);
        this.mesh.broadcast(SPEECH, "SAY", session.name() + "|" + text);
        this.localSpeech.spoke(session.name(), text, false);
    }

    public void act(ClientSession session, String text) {
        local("* " + session.name() + " " + text);
        this.mesh.broadcast(SPEECH, "ACT", session.name() + "|" + text);
        this.localSpeech.spoke(session.name(), text, true);
    }

    /**
     * Hands this server's own speech to {@code listener}. Only speech typed here: with every
     * server of a mesh bridging, each line is heard exactly once.
     */
    public void onLocalSpeech(SpeechListener listener) {
        this.localSpeech = listener;
    }

    /** @return an error line, or null when renamed */
    public @Nullable String rename(ClientSession session, String wanted) {
        if (!NICKNAME.matcher(wanted).matches()) {
            return "You must give an alphanumeric nickname (at most " + MAX_NICKNAME + " characters)";
        }
        ClientSession holder = this.byName.get(key(wanted));
        if (holder == session && wanted.equals(session.name())) {
            return "You are already " + wanted;
        }
        if (holder != null && holder != session) {
            return "The nickname " + wanted + " is already taken";
        }
        String old = session.name();
        this.byName.remove(key(old));
        session.rename(wanted);
        this.byName.put(key(wanted), session);
        local(old + " renames themself as " + wanted);
        this.mesh.broadcast(PRESENCE, "renamed", old + "|" + wanted);
        return null;
    }

    public Optional<ClientSession> find(String name) {
        return Optional.ofNullable(this.byName.get(key(name)));
    }

    public List<String> names() {
        return this.byName.values().stream().map(ClientSession::name).toList();
    }

    public int size() {
        return this.byName.size();
    }

    /** Sends a line to every user of this server. */
    public void local(String line) {
        for (ClientSession session : new ArrayList<>(this.byName.values())) {
            session.send(line);
        }
    }

    private void onSpeech(PeerLine line) {
        String[] fields = line.fields(2);
        switch (line.method()) {
            case "SAY" -> local(fields[0] + ": " + fields[1]);
            case "ACT" -> local("* " + fields[0] + " " + fields[1]);
            default -> throw new PeerLine.MalformedPeerLineException("unknown speech method " + line.method());
        }
    }

    private void onPresence(PeerLine line) {
        switch (line.method()) {
            case "joined" -> local(line.args() + " has joined");
            case "left" -> local(line.args() + " has left");
            case "renamed" -> {
                String[] fields = line.fields(2);
                local(fields[0] + " renames themself as " + fields[1]);
            }
            default -> throw new PeerLine.MalformedPeerLineException("unknown presence method " + line.method());
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
