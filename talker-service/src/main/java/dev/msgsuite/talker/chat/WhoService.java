package dev.msgsuite.talker.chat;

import dev.msgsuite.talker.mesh.Mesh;
import dev.msgsuite.talker.mesh.PeerLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Network-wide {@code /who} by scatter-gather: the origin broadcasts {@code who}, every server
 * (the origin included) broadcasts its names back as a {@code gather}; the answer is shown when
 * every reachable server answered, or at the timeout with the servers that did not.
 */
public final class WhoService {

    public static final String WHO = "WhoObserver";

    static final String GATHER = "ScatterGatherMixin.gather";

    private final class Request {

        final ClientSession asker;

        final Set<String> expected;

        final Map<String, List<String>> answers = new LinkedHashMap<>();

        Request(ClientSession asker, Set<String> expected) {
            this.asker = asker;
            this.expected = expected;
        }
    }

    private final Mesh mesh;

    private final Chat chat;

    private final Scheduler scheduler;

    private final Duration timeout;

    private final Map<String, Request> pending = new HashMap<>();

    private long requests;

    public WhoService(Mesh mesh, Chat chat, Scheduler scheduler, Duration timeout) {
        this.mesh = mesh;
        this.chat = chat;
        this.scheduler = scheduler;
        this.timeout = timeout;
        mesh.observe(WHO, this::onMessage);
    }

    public void ask(ClientSession asker) {
        String id = Long.toString(++this.requests);
        Request request = new Request(asker, new LinkedHashSet<>(this.mesh.reachable()));
        this.pending.put(id, request);
        this.mesh.broadcast(WHO, "who", id + "|");
        answer(this.mesh.self(), id);
        if (this.pending.containsKey(id)) {
            this.scheduler.schedule(this.timeout, () -> {
                Request late = this.pending.remove(id);
                if (late != null) {
                    show(late);
                }
            });
        }
    }

    private void onMessage(PeerLine line) {
        switch (line.method()) {
            case "who" -> answer(line.source(), line.args().split("\\|", 2)[0]);
            case GATHER -> {
                String[] fields = line.fields(3);
                if (fields[0].equals(this.mesh.self())) {
                    gathered(fields[1], line.source(), names(fields[2]));
                }
            }
            default -> throw new PeerLine.MalformedPeerLineException("unknown who method " + line.method());
        }
    }

    private void answer(String origin, String requestId) {
        List<String> names = this.chat.names();
        this.mesh.broadcast(WHO, GATHER, origin + "|" + requestId + "|" + String.join(";", names));
        if (origin.equals(this.mesh.self())) {
            gathered(requestId, origin, names);
        }
    }

    private void gathered(String requestId, String server, List<String> names) {
        Request request = this.pending.get(requestId);
        if (request == null) {
            return;
        }
        request.answers.put(server, names);
        if (request.answers.keySet().containsAll(request.expected)) {
            this.pending.remove(requestId);
            show(request);
        }
    }

    private void show(Request request) {
        int users = request.answers.values().stream().mapToInt(List::size).sum();
        int servers = request.answers.size();
        request.asker.send("There are " + users + " user" + (users == 1 ? "" : "s") + " online on " + servers
                + " server" + (servers == 1 ? "" : "s") + ":");
        request.answers.forEach((server, names) -> {
            request.asker.send("  Server: " + server + (server.equals(this.mesh.self()) ? " (this server)" : ""));
            names.forEach(name -> request.asker.send("    " + name));
        });
        List<String> missing = new ArrayList<>(request.expected);
        missing.removeAll(request.answers.keySet());
        if (!missing.isEmpty()) {
            request.asker.send("Partial answer: no reply within " + this.timeout.toMillis() + " ms from "
                    + missing.size() + " server" + (missing.size() == 1 ? "" : "s") + ": " + String.join(", ", missing));
        }
    }

    private static List<String> names(String field) {
        return field.isBlank() ? List.of() : List.of(field.split(";"));
    }
}
