package dev.msgsuite.support.skillbus;

import dev.msgsuite.skillbus.client.Delivery;
import dev.msgsuite.skillbus.client.SkillBusListener;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing client's listener: logs when the bus comes and goes, and lets the sender
 * thread sleep while it is away, waking it when the client connects.
 */
final class ConnectionSignal implements SkillBusListener {

    private static final Logger log = LoggerFactory.getLogger(SkillBusEvents.class);

    private final URI url;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition connected = this.lock.newCondition();

    ConnectionSignal(URI url) {
        this.url = url;
    }

    @Override
    public void onDelivery(Delivery delivery) {
        // a publisher registers nothing, so nothing is delivered
    }

    @Override
    public void onConnected(boolean resumed) {
        log.info("Publishing events to the skill bus at {}", this.url);
        signal();
    }

    @Override
    public void onDisconnected(int closeCode, String reason) {
        log.warn("Lost the skill bus at {} ({} {}); events are buffered until it is back", this.url, closeCode, reason);
    }

    /** Waits until {@code isConnected} holds, checking at least once a second. */
    void await(BooleanSupplier isConnected) throws InterruptedException {
        this.lock.lock();
        try {
            // waits at least once, so a connection that fails every send is retried once a second, not in a spin;
            // the timeout also covers a connect signalled just before this lock was taken
            do {
                this.connected.await(1, TimeUnit.SECONDS);
            }
            while (!isConnected.getAsBoolean());
        }
        finally {
            this.lock.unlock();
        }
    }

    private void signal() {
        this.lock.lock();
        try {
            this.connected.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }
}
