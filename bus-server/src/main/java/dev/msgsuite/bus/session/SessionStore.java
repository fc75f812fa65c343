package dev.msgsuite.bus.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every session of this instance, and the detached ones kept for resume. A detached session
 * keeps its registrations and keeps queueing (within its limits) until it is resumed or its
 * resume window passes; then {@code onExpiry} releases it.
 */
public final class SessionStore {

    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();

    private final Map<String, Instant> detachedSince = new ConcurrentHashMap<>();

    private final Duration resumeWindow;

    private final Clock clock;

    private final Consumer<ClientSession> onExpiry;

    public SessionStore(Duration resumeWindow, Clock clock, Consumer<ClientSession> onExpiry) {
        this.resumeWindow = resumeWindow;
        this.clock = clock;
        this.onExpiry = onExpiry;
    }

    public Duration resumeWindow() {
        return this.resumeWindow;
    }

    /** Adds a session; false if one with that id exists. */
    public boolean add(ClientSession session) {
        return this.sessions.putIfAbsent(session.id(), session) == null;
    }

    public Optional<ClientSession> find(String id) {
        return Optional.ofNullable(this.sessions.get(id));
    }

    public void remove(ClientSession session) {
        this.sessions.remove(session.id(), session);
        this.detachedSince.remove(session.id());
    }

    /** Starts the session's resume window. */
    public void detached(ClientSession session) {
        this.detachedSince.put(session.id(), this.clock.instant());
    }

    /** Stops the session's resume window. */
    public void resumed(ClientSession session) {
        this.detachedSince.remove(session.id());
    }

    /** Whether the session is waiting to be resumed. */
    public boolean isDetached(ClientSession session) {
        return this.detachedSince.containsKey(session.id());
    }

    /** Releases every detached session whose window has passed; returns them. */
    public List<ClientSession> expire() {
        Instant deadline = this.clock.instant().minus(this.resumeWindow);
        List<ClientSession> expired = new ArrayList<>();
        this.detachedSince.forEach((id, since) -> {
            if (!since.isAfter(deadline) && this.detachedSince.remove(id, since)) {
                ClientSession session = this.sessions.get(id);
                if (session != null && !session.attached()) {
                    this.sessions.remove(id, session);
                    expired.add(session);
                }
            }
        });
        expired.forEach(this.onExpiry);
        return expired;
    }

    public Collection<ClientSession> all() {
        return List.copyOf(this.sessions.values());
    }

    public int detachedCount() {
        return this.detachedSince.size();
    }
}
