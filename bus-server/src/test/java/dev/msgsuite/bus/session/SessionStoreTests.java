package dev.msgsuite.bus.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionStoreTests {

    private Instant now = Instant.parse("2026-11-22T10:00:00Z");

    private final List<String> expired = new ArrayList<>();

    private final SessionStore store = new SessionStore(Duration.ofSeconds(60), new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return SessionStoreTests.this.now;
        }
    }, session -> this.expired.add(session.id()));

    private ClientSession session(String id) {
        return new ClientSession(id, ProtocolVersion.V2, "anonymous",
                new QueueLimits(10, 1000, OverflowPolicy.DROP_OLDEST), QueueEvents.NONE);
    }

    @Test
    void detachedSessionSurvivesInsideTheWindowAndExpiresAfterIt() {
        ClientSession session = session("a");
        this.store.add(session);
        this.store.detached(session);

        this.now = this.now.plusSeconds(59);
        assertThat(this.store.expire()).isEmpty();
        assertThat(this.store.find("a")).contains(session);

        this.now = this.now.plusSeconds(1);
        assertThat(this.store.expire()).containsExactly(session);
        assertThat(this.store.find("a")).isEmpty();
        assertThat(this.expired).containsExactly("a");
    }

    @Test
    void resumedSessionDoesNotExpire() {
        ClientSession session = session("a");
        this.store.add(session);
        this.store.detached(session);
        session.attach(new RecordingTransport());
        this.store.resumed(session);

        this.now = this.now.plusSeconds(600);

        assertThat(this.store.expire()).isEmpty();
        assertThat(this.store.isDetached(session)).isFalse();
    }

    @Test
    void idsAreUnique() {
        assertThat(this.store.add(session("a"))).isTrue();
        assertThat(this.store.add(session("a"))).isFalse();
    }
}
