package dev.msgsuite.bus.session;

import dev.msgsuite.bus.routing.Packet;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's packets: queued to be sent, held awaiting an ack (by delivery id), and the held
 * ones the client asked to have sent again. Counts their bytes and returns them to the bus's
 * {@link MemoryBudget} when a packet leaves for good. Not thread-safe: its {@link ClientSession}
 * calls it under the session's lock.
 */
final class Deliveries {

    private final QueueLimits limits;

    private final MemoryBudget budget;

    private final ArrayDeque<Entry> pending = new ArrayDeque<>();

    private final Map<Long, Entry> inFlight = new LinkedHashMap<>();

    private final ArrayDeque<Long> resends = new ArrayDeque<>();

    private long pendingBytes;

    private long inFlightBytes;

    private long nextDeliveryId = 1;

    Deliveries(QueueLimits limits, MemoryBudget budget) {
        this.limits = limits;
        this.budget = budget;
    }

    // ---- queued -------------------------------------------------------------------------

    /** Whether the queue has room for {@code packet} within its count and byte bounds. */
    boolean fits(Packet packet) {
        return this.pending.size() < this.limits.maxPackets() && this.pendingBytes + packet.size() <= this.limits.maxBytes();
    }

    /** Queues a packet whose bytes the caller already reserved in the budget. */
    void queue(Packet packet) {
        this.pending.addLast(new Entry(packet));
        this.pendingBytes += packet.size();
    }

    boolean hasQueued() {
        return !this.pending.isEmpty();
    }

    long queuedBytes() {
        return this.pendingBytes;
    }

    void dropOldest() {
        Entry oldest = this.pending.pollFirst();
        this.pendingBytes -= oldest.packet.size();
        this.budget.release(oldest.packet.size());
    }

    /** Drops the oldest queued packets until {@code bytes} are freed or none is left; returns how many. */
    int dropOldest(long bytes) {
        int dropped = 0;
        long freed = 0;
        while (freed < bytes && !this.pending.isEmpty()) {
            freed += this.pending.peekFirst().packet.size();
            dropOldest();
            dropped++;
        }
        return dropped;
    }

    /** Drops every queued and held packet, returning the budget; returns how many. */
    int dropEverything() {
        int lost = this.pending.size() + this.inFlight.size();
        this.budget.release(this.pendingBytes + this.inFlightBytes);
        this.pending.clear();
        this.pendingBytes = 0;
        this.inFlight.clear();
        this.inFlightBytes = 0;
        this.resends.clear();
        return lost;
    }

    /**
     * Whether one more packet may be held awaiting an ack, given at most {@code maxInFlight}.
     * One packet may always be held, however large: otherwise a packet above the byte bound
     * would block forever.
     */
    boolean mayHoldNext(int maxInFlight) {
        return this.inFlight.isEmpty() || (this.inFlight.size() < maxInFlight
                && this.inFlightBytes + this.pending.peekFirst().packet.size() <= this.limits.maxInFlightBytes());
    }

    /**
     * Takes the oldest queued packet to be sent, numbering it on its first send. A tracked one
     * is held until acknowledged; an untracked one leaves the budget, as the connection's send
     * buffer bounds it from here on.
     */
    Entry takeNext(boolean tracked) {
        Entry entry = this.pending.pollFirst();
        this.pendingBytes -= entry.packet.size();
        if (entry.id == 0) {
            entry.id = this.nextDeliveryId++;
        }
        if (tracked) {
            this.inFlight.put(entry.id, entry);
            this.inFlightBytes += entry.packet.size();
        }
        else {
            this.budget.release(entry.packet.size());
        }
        return entry;
    }

    // ---- held ---------------------------------------------------------------------------

    /** Releases the oldest held packet; false if none is held. */
    boolean ackOldest() {
        Iterator<Long> oldest = this.inFlight.keySet().iterator();
        if (!oldest.hasNext()) {
            return false;
        }
        release(this.inFlight.get(oldest.next()));
        oldest.remove();
        return true;
    }

    /** Releases a held packet, or with {@code multiple} every one up to it; returns how many. */
    int ack(long deliveryId, boolean multiple) {
        int released = 0;
        if (multiple) {
            Iterator<Map.Entry<Long, Entry>> held = this.inFlight.entrySet().iterator();
            while (held.hasNext()) {
                Map.Entry<Long, Entry> next = held.next();
                if (next.getKey() <= deliveryId) {
                    release(next.getValue());
                    held.remove();
                    released++;
                }
            }
        }
        else {
            Entry acked = this.inFlight.remove(deliveryId);
            if (acked != null) {
                release(acked);
                released = 1;
            }
        }
        return released;
    }

    private void release(Entry acked) {
        this.inFlightBytes -= acked.packet.size();
        this.budget.release(acked.packet.size());
    }

    /** Asks for the oldest held packet to be sent again; false if none is held. */
    boolean resendOldest() {
        Long oldest = this.inFlight.keySet().stream().findFirst().orElse(null);
        if (oldest != null) {
            this.resends.add(oldest);
        }
        return oldest != null;
    }

    /** Asks for a held packet to be sent again; false if it is not held. */
    boolean resend(long deliveryId) {
        boolean held = this.inFlight.containsKey(deliveryId);
        if (held) {
            this.resends.add(deliveryId);
        }
        return held;
    }

    boolean hasResends() {
        return !this.resends.isEmpty();
    }

    /** The next held packet asked to be sent again, skipping those acknowledged meanwhile; null if none. */
    Entry nextResend() {
        while (!this.resends.isEmpty()) {
            Entry held = this.inFlight.get(this.resends.pollFirst());
            if (held != null) {
                return held;
            }
        }
        return null;
    }

    /** Puts held packets back at the head of the queue, in order and with their delivery ids. */
    void requeueHeld() {
        List<Entry> held = List.copyOf(this.inFlight.values());
        for (int i = held.size() - 1; i >= 0; i--) {
            this.pending.addFirst(held.get(i));
            this.pendingBytes += held.get(i).packet.size();
        }
        this.inFlight.clear();
        this.inFlightBytes = 0;
        this.resends.clear();
    }

    int queued() {
        return this.pending.size();
    }

    int held() {
        return this.inFlight.size();
    }

    long heldBytes() {
        return this.inFlightBytes;
    }

    /** A packet and, once first sent, its delivery id. */
    static final class Entry {

        private final Packet packet;

        private long id;

        private Entry(Packet packet) {
            this.packet = packet;
        }

        Packet packet() {
            return this.packet;
        }

        long id() {
            return this.id;
        }
    }
}
