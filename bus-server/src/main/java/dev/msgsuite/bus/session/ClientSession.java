package dev.msgsuite.bus.session;

import dev.msgsuite.bus.routing.Packet;
import dev.msgsuite.bus.routing.SkillPattern;
import dev.msgsuite.bus.routing.Subscriber;
import dev.msgsuite.skillbus.protocol.CloseCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One client's queue and flow control, without any I/O: packets go in with {@link #offer},
 * frames to send come out of {@link #next} one at a time, and the client's control packets
 * change what {@code next} may hand out. Both protocol versions drive this one state machine:
 * <ul>
 * <li>push with a window: up to {@code window} packets sent and not yet acknowledged
 * (stop-and-wait is a window of one);</li>
 * <li>push untracked: packets stream out and are forgotten once sent (fast-push without buffering);</li>
 * <li>pull: a packet goes out only against a request ({@link #requestNext}, {@link #grant}).</li>
 * </ul>
 * Tracked packets stay held until acknowledged; {@link #resend} sends a held one again, and a
 * detach puts them back at the head of the queue so a resumed connection receives them again.
 * Whatever the client asks for, packets held awaiting an ack are bounded by count and bytes
 * ({@link QueueLimits#maxInFlight}, {@link QueueLimits#maxInFlightBytes}), unread replies by
 * count and characters, and every byte held counts against the bus's {@link MemoryBudget}.
 * Thread-safe: every method locks the session; {@link SessionTransport#wake} is the only callback.
 * The state lives in {@link Deliveries} (packets queued and held), {@link FlowControl} (what the
 * client asked for), {@link UnreadReplies} and {@link DropNotices}, each called under this lock.
 */
public final class ClientSession implements Subscriber {

    /** Control frames a client may leave unread before the session closes its connection. */
    static final int MAX_UNREAD_REPLIES = UnreadReplies.MAX;

    private final String id;

    private final QueueLimits limits;

    private final QueueEvents events;

    private final ProtocolVersion protocol;

    private final MemoryBudget budget;

    private final String owner;

    private volatile byte[] resumeSecret;

    private final Deliveries deliveries;

    private final FlowControl flow = new FlowControl();

    private final UnreadReplies replies;

    private final Set<SkillPattern> patterns = new LinkedHashSet<>();

    private final DropNotices drops;

    private long sent;

    private Outgoing.Close closing;

    private SessionTransport transport;

    /**
     * @param id the session's identity (resumable sessions are found by it)
     * @param protocol the client's protocol; only v2 gets {@link Outgoing.Dropped} notices
     * @param owner the token's name, or {@code anonymous}; a resume needs the same name and the
     * secret set with {@link #resumableWith}
     * @param limits queue bounds and overflow policy
     * @param events metrics sink
     */
    public ClientSession(String id, ProtocolVersion protocol, String owner, QueueLimits limits, QueueEvents events) {
        this(id, protocol, owner, limits, events, MemoryBudget.unlimited());
    }

    /** As above, holding its bytes within {@code budget}, shared by every session of the bus. */
    public ClientSession(String id, ProtocolVersion protocol, String owner, QueueLimits limits, QueueEvents events,
            MemoryBudget budget) {
        this.id = id;
        this.budget = budget;
        this.protocol = protocol;
        this.owner = owner;
        this.limits = limits;
        this.events = events;
        this.drops = new DropNotices(protocol == ProtocolVersion.V2);
        this.deliveries = new Deliveries(limits, budget);
        this.replies = new UnreadReplies(limits.maxReplyBytes());
    }

    @Override
    public String id() {
        return this.id;
    }

    public ProtocolVersion protocol() {
        return this.protocol;
    }

    public String owner() {
        return this.owner;
    }

    /** Makes the session resumable by whoever presents {@code secret}; without one it is never resumable. */
    public void resumableWith(String secret) {
        this.resumeSecret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code presented} is the session's resume secret, compared in constant time. */
    public boolean resumableBy(String presented) {
        byte[] secret = this.resumeSecret;
        return secret != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }

    // ---- flow control -------------------------------------------------------------------

    /** Push mode: send while fewer than {@code window} tracked packets await an ack. */
    public void pushWithWindow(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        configure(true, true, window);
    }

    /** Push mode, untracked: packets stream out and need no ack. */
    public void pushUntracked() {
        configure(true, false, FlowControl.UNLIMITED);
    }

    /** Pull mode: packets go out only against requests; tracked ones are held until acked. */
    public void pull(boolean tracked) {
        configure(false, tracked, FlowControl.UNLIMITED);
    }

    private void configure(boolean push, boolean tracked, int window) {
        synchronized (this) {
            this.flow.configure(push, tracked, window);
        }
        wake();
    }

    /** Protocol v1 {@code ack} in pull mode: exactly one more packet may go out, however often it is asked. */
    public void requestNext() {
        synchronized (this) {
            this.flow.requestNext();
        }
        wake();
    }

    /** Pull mode: {@code packets} more may go out; outstanding grants add up to {@link QueueLimits#maxInFlight} at most. */
    public void grant(int packets) {
        synchronized (this) {
            this.flow.grant(packets, this.limits.maxInFlight());
        }
        wake();
    }

    /** Acknowledges the oldest held packet; false if none is held. */
    public boolean ackOldest() {
        boolean acked;
        synchronized (this) {
            acked = this.deliveries.ackOldest();
        }
        if (acked) {
            wake();
        }
        return acked;
    }

    /**
     * Acknowledges a held delivery, or with {@code multiple} every held delivery up to and
     * including it; returns how many were released (0: the id is not held).
     */
    public int ack(long deliveryId, boolean multiple) {
        int released;
        synchronized (this) {
            released = this.deliveries.ack(deliveryId, multiple);
        }
        if (released > 0) {
            wake();
        }
        return released;
    }

    /** Sends the oldest held packet again; false if none is held. */
    public boolean resendOldest() {
        boolean held;
        synchronized (this) {
            held = this.deliveries.resendOldest();
        }
        if (held) {
            wake();
        }
        return held;
    }

    /** Sends a held delivery again; false if it is not held. */
    public boolean resend(long deliveryId) {
        boolean held;
        synchronized (this) {
            held = this.deliveries.resend(deliveryId);
        }
        if (held) {
            wake();
        }
        return held;
    }

    // ---- registrations ------------------------------------------------------------------

    /** Records a registration; false if the session already had it. */
    public synchronized boolean addPattern(SkillPattern pattern) {
        return this.patterns.add(pattern);
    }

    public synchronized boolean removePattern(SkillPattern pattern) {
        return this.patterns.remove(pattern);
    }

    public synchronized List<SkillPattern> patterns() {
        return List.copyOf(this.patterns);
    }

    // ---- packets in, frames out ---------------------------------------------------------

    /**
     * Queues a packet for this client, applying the overflow policy when the queue is full.
     * Returns false if the packet was not queued.
     */
    @Override
    public boolean offer(Packet packet) {
        // reserved before taking this session's lock: making room may lock the largest session, this one included
        boolean reserved = packet.size() <= this.limits.maxBytes() && this.budget.reserve(packet.size());
        int droppedNow = 0;
        int toldNow = 0;
        boolean queued = false;
        synchronized (this) {
            if (this.closing != null) {
                droppedNow = 1;
            }
            else if (!reserved) {
                droppedNow = 1;
                toldNow = 1;
                if (packet.size() <= this.limits.maxBytes()) {
                    this.events.shed(1);
                }
            }
            else {
                while (!this.deliveries.fits(packet)) {
                    if (this.limits.overflow() == OverflowPolicy.DISCONNECT) {
                        droppedNow = this.deliveries.dropEverything() + 1;
                        close(new Outgoing.Close(CloseCode.QUEUE_OVERFLOW, "queue overflow: "
                                + this.limits.maxPackets() + " packets or " + this.limits.maxBytes() + " bytes"));
                        break;
                    }
                    this.deliveries.dropOldest();
                    droppedNow++;
                    toldNow++;
                }
                if (this.closing == null) {
                    this.deliveries.queue(packet);
                    queued = true;
                }
            }
            if (reserved && !queued) {
                this.budget.release(packet.size());
            }
            this.drops.count(droppedNow, toldNow);
            if (droppedNow > 0) {
                this.events.dropped(droppedNow);
            }
        }
        wake();
        return queued;
    }

    private void close(Outgoing.Close close) {
        this.closing = close;
        this.events.closing(close.code());
    }

    /** Bytes queued and not yet sent (what {@link #shed} can free). */
    synchronized long pendingBytes() {
        return this.deliveries.queuedBytes();
    }

    /**
     * The bus's memory budget is full and this is the largest queue: drop its oldest packets
     * until {@code bytes} are freed (drop-oldest), or everything and close (disconnect).
     * Packets awaiting an ack are kept, as with a full queue.
     */
    void shed(long bytes) {
        synchronized (this) {
            if (!this.deliveries.hasQueued()) {
                return;
            }
            int droppedNow;
            if (this.limits.overflow() == OverflowPolicy.DISCONNECT) {
                droppedNow = this.deliveries.dropEverything();
                close(new Outgoing.Close(CloseCode.QUEUE_OVERFLOW, "queue overflow: the bus's memory budget is full"));
                this.drops.count(droppedNow, 0);
            }
            else {
                droppedNow = this.deliveries.dropOldest(bytes);
                this.drops.count(droppedNow, droppedNow);
            }
            this.events.dropped(droppedNow);
            this.events.shed(droppedNow);
        }
        wake();
    }

    /**
     * Sends a control frame ahead of any data; closes the connection if the client leaves too
     * many unread (by count or characters), or if the bus's memory budget has no room for it.
     */
    public void reply(String json) {
        boolean reserved = this.budget.reserve(json.length());
        synchronized (this) {
            if (this.closing != null) {
                this.budget.release(json.length());
            }
            else if (!reserved) {
                close(new Outgoing.Close(CloseCode.BUS_FULL, "the bus's memory budget is full"));
            }
            else if (!this.replies.hasRoomFor(json)) {
                this.budget.release(json.length());
                close(new Outgoing.Close(CloseCode.REPLIES_UNREAD, "too many unread replies"));
            }
            else {
                this.replies.add(json);
            }
        }
        wake();
    }

    /**
     * The next frame for the given connection, or null if there is nothing it may send now (or
     * it is not the session's current connection). A data frame returned here counts as sent.
     */
    public Outgoing next(SessionTransport from) {
        synchronized (this) {
            if (from != this.transport) {
                return null;
            }
            if (this.closing != null) {
                return this.closing;
            }
            String reply = this.replies.poll();
            if (reply != null) {
                this.budget.release(reply.length());
                return new Outgoing.Control(reply);
            }
            if (this.drops.noticeDue()) {
                return this.drops.takeNotice();
            }
            Deliveries.Entry resend = this.deliveries.nextResend();
            if (resend != null) {
                return send(resend);
            }
            if (!this.deliveries.hasQueued() || !this.flow.mayTakeNext(this.deliveries, this.limits)) {
                return null;
            }
            this.flow.took();
            return send(this.deliveries.takeNext(this.flow.tracked()));
        }
    }

    /** Whether {@link #next} would return a frame for this connection now. */
    public synchronized boolean ready(SessionTransport from) {
        if (from != this.transport) {
            return false;
        }
        return this.closing != null || !this.replies.isEmpty() || this.drops.noticeDue()
                || this.deliveries.hasResends()
                || (this.deliveries.hasQueued() && this.flow.mayTakeNext(this.deliveries, this.limits));
    }

    private Outgoing send(Deliveries.Entry entry) {
        this.sent++;
        this.events.sent(1);
        return new Outgoing.Data(entry.id(), entry.packet());
    }

    // ---- connection lifecycle -----------------------------------------------------------

    /** Attaches a connection and returns the one it replaces (to be closed), if any. */
    public SessionTransport attach(SessionTransport connection) {
        SessionTransport previous;
        synchronized (this) {
            previous = this.transport;
            if (previous != null) {
                requeueHeld();
            }
            this.transport = connection;
        }
        wake();
        return previous;
    }

    /**
     * Detaches the connection if it is still the current one: held packets go back to the
     * head of the queue (with their delivery ids) to be sent again on resume; pending replies
     * and requests die with the connection. Returns false if another connection took over.
     */
    public synchronized boolean detach(SessionTransport connection) {
        if (this.transport != connection) {
            return false;
        }
        this.transport = null;
        requeueHeld();
        return true;
    }

    private void requeueHeld() {
        this.deliveries.requeueHeld();
        this.budget.release(this.replies.clear());
        this.flow.forgetRequests();
    }

    /** Whether a connection is attached. */
    public synchronized boolean attached() {
        return this.transport != null;
    }

    /** Whether the session asked for its connection to be closed (it is then beyond repair). */
    public synchronized boolean closing() {
        return this.closing != null;
    }

    /** Drops everything queued and held, counting it; returns how many packets were lost. */
    public int discard() {
        synchronized (this) {
            int lost = this.deliveries.dropEverything();
            this.budget.release(this.replies.clear());
            this.drops.count(lost, 0);
            if (lost > 0) {
                this.events.dropped(lost);
            }
            return lost;
        }
    }

    private void wake() {
        SessionTransport current;
        synchronized (this) {
            current = this.transport;
        }
        if (current != null) {
            current.wake();
        }
    }

    // ---- figures ------------------------------------------------------------------------

    /** A consistent snapshot of this session's figures. */
    public synchronized Stats stats() {
        return new Stats(this.deliveries.queued(), this.deliveries.queuedBytes(), this.deliveries.held(), this.deliveries.heldBytes(),
                this.sent, this.drops.total(), this.flow.describe());
    }

    /** Figures of one session. */
    public record Stats(int queued, long queuedBytes, int inFlight, long inFlightBytes, long sent, long dropped, String flow) {
    }
}
