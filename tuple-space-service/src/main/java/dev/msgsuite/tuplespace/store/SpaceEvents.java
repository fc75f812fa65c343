package dev.msgsuite.tuplespace.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Listens on {@value TupleStore#CHANNEL} with a connection of its own, on one platform thread,
 * and hands every write to {@code onWrite} in commit order. After a lost connection it listens
 * again and calls {@code onReconnect}, since notifications sent meanwhile are gone.
 */
public final class SpaceEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SpaceEvents.class);

    private static final Duration RETRY = Duration.ofSeconds(1);

    private final DataSource dataSource;

    private final JsonMapper json;

    private final Consumer<WriteEvent> onWrite;

    private final Runnable onReconnect;

    private volatile boolean running;

    private volatile boolean listening;

    private Thread thread;

    public SpaceEvents(DataSource dataSource, JsonMapper json, Consumer<WriteEvent> onWrite, Runnable onReconnect) {
        this.dataSource = dataSource;
        this.json = json;
        this.onWrite = onWrite;
        this.onReconnect = onReconnect;
    }

    /** Whether this instance hears writes now (readiness). */
    public boolean listening() {
        return this.listening;
    }

    @Override
    public void start() {
        this.running = true;
        this.thread = Thread.ofPlatform().name("tuplespace-events").daemon().start(this::run);
    }

    @Override
    public void stop() {
        this.running = false;
        this.thread.interrupt();
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    private void run() {
        boolean first = true;
        while (this.running) {
            try (Connection connection = this.dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + TupleStore.CHANNEL);
                }
                this.listening = true;
                if (!first) {
                    log.info("Listening to tuple space writes again");
                    this.onReconnect.run();
                }
                first = false;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (this.running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getParameter());
                        }
                    }
                }
            }
            catch (SQLException ex) {
                this.listening = false;
                first = false;
                if (this.running) {
                    log.warn("Lost the connection that listens to tuple space writes, retrying in {}: {}", RETRY, ex.getMessage());
                    try {
                        Thread.sleep(RETRY);
                    }
                    catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
        this.listening = false;
    }

    private void dispatch(String payload) {
        try {
            this.onWrite.accept(WriteEvent.fromPayload(this.json, payload));
        }
        catch (RuntimeException ex) {
            log.error("Could not handle a tuple space write {}", payload, ex);
        }
    }
}
