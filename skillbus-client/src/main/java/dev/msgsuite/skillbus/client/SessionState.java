package dev.msgsuite.skillbus.client;

import dev.msgsuite.skillbus.protocol.ControlOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the client keeps across connections: the session's name and resume secret, the
 * prefetch window and the registrations, sent again after every {@code hello}.
 */
final class SessionState {

    private final Set<String> patterns = ConcurrentHashMap.newKeySet();

    private volatile @Nullable String session;

    /** Proves to the server that this client created the session; only ever sent in {@code hello}. */
    private volatile @Nullable String resumeSecret;

    private volatile int prefetch;

    SessionState(@Nullable String session, int prefetch) {
        this.session = session;
        this.prefetch = prefetch;
    }

    @Nullable String session() {
        return this.session;
    }

    void register(String pattern) {
        this.patterns.add(pattern);
    }

    void deregister(String pattern) {
        this.patterns.remove(pattern);
    }

    void prefetch(int count) {
        this.prefetch = count;
    }

    /** The {@code hello} that names (and, with the secret, resumes) the session. */
    ObjectNode hello() {
        ObjectNode hello = ControlFrames.control(ControlOp.HELLO);
        String name = this.session;
        if (name != null) {
            hello.put("session", name);
            String secret = this.resumeSecret;
            if (secret != null) {
                hello.put("secret", secret);
            }
        }
        return hello;
    }

    /** Takes in the reply to {@code hello}; returns whether the server resumed the session. */
    boolean established(JsonNode reply) {
        this.session = reply.get("session").asString();
        JsonNode issued = reply.get("resumeSecret");
        if (issued != null && issued.isString()) {
            // a new session (the first, or one the server released meanwhile) comes with a new secret
            this.resumeSecret = issued.asString();
        }
        return reply.get("resumed").asBoolean();
    }

    /** The requests that set a fresh connection up: the prefetch window, then every registration. */
    List<ObjectNode> setup() {
        List<ObjectNode> setup = new ArrayList<>(this.patterns.size() + 1);
        setup.add(ControlFrames.control(ControlOp.PREFETCH).put("count", this.prefetch));
        for (String pattern : this.patterns) {
            setup.add(ControlFrames.control(ControlOp.REGISTER).put("skill", pattern));
        }
        return setup;
    }
}
