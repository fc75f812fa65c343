package dev.msgsuite.bus.protocol;

import dev.msgsuite.bus.auth.Grant;
import dev.msgsuite.bus.routing.SkillPattern;
import dev.msgsuite.bus.routing.TooManyPatternsException;
import dev.msgsuite.bus.session.ClientSession;
import dev.msgsuite.bus.session.Outgoing;
import dev.msgsuite.bus.session.ProtocolVersion;
import dev.msgsuite.bus.session.SessionTransport;
import dev.msgsuite.skillbus.protocol.ErrorCode;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Protocol v1, compatible with the original clients: text frames are control packets whose
 * first known key wins ({@code register}, {@code deregister}, {@code buffering}, {@code fastpush},
 * {@code get}, {@code ack}), binary frames are data packets. It never sends anything but data
 * packets, because original clients parse every frame they receive as one: refused input is
 * logged (escaped, at most {@value RefusalLog#PER_SECOND} lines per second per connection) and
 * counted, and the connection stays up.
 */
public final class V1Protocol implements ClientProtocol {

    private static final Logger log = LoggerFactory.getLogger(V1Protocol.class);

    private final ProtocolContext context;

    private final SessionTransport transport;

    private final Grant grant;

    private final ClientSession session;

    private final PacketReader packets;

    private final RefusalLog refusals = new RefusalLog(log, Level.WARN);

    private boolean fastpush;

    private boolean buffering;

    public V1Protocol(ProtocolContext context, SessionTransport transport, Grant grant) {
        this.context = context;
        this.transport = transport;
        this.grant = grant;
        this.packets = new PacketReader(context.json());
        this.session = context.newSession("v1-" + UUID.randomUUID(), ProtocolVersion.V1, grant.name());
        context.store().add(this.session);
        applyFlow();
        this.session.attach(transport);
    }

    @Override
    public ClientSession session() {
        return this.session;
    }

    @Override
    public void onText(String text) {
        try {
            control(text);
        }
        catch (ProtocolException ex) {
            refuse(ex);
        }
    }

    @Override
    public void onBinary(byte[] bytes) {
        try {
            this.context.publish(this.packets.read(bytes), this.grant);
        }
        catch (ProtocolException ex) {
            refuse(ex);
        }
    }

    private void control(String text) {
        if (tooLarge(text, this.context.limits().maxControlFrameBytes())) {
            throw new ProtocolException(ErrorCode.TOO_LARGE,
                    "control packet larger than " + this.context.limits().maxControlFrameBytes() + " bytes");
        }
        JsonNode tree;
        try {
            tree = this.context.json().readTree(text);
        }
        catch (JacksonException ex) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "control packet is not JSON: "
                    + ProtocolException.excerpt(ex.getOriginalMessage(), ProtocolException.MAX_DETAIL));
        }
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException(ErrorCode.NOT_AN_OBJECT, "control packet must be a JSON object");
        }
        if (tree.has("register")) {
            register(pattern(tree, "register"));
        }
        else if (tree.has("deregister")) {
            SkillPattern pattern = pattern(tree, "deregister");
            if (!this.session.removePattern(pattern)) {
                throw new ProtocolException(ErrorCode.NOT_REGISTERED, "'" + pattern + "' is not registered");
            }
            this.context.bus().deregister(this.session, pattern);
        }
        else if (tree.has("buffering")) {
            this.buffering = flag(tree, "buffering");
            applyFlow();
        }
        else if (tree.has("fastpush")) {
            this.fastpush = flag(tree, "fastpush");
            applyFlow();
        }
        else if (tree.has("get")) {
            this.session.resendOldest();
        }
        else if (tree.has("ack")) {
            this.session.ackOldest();
            if (!this.fastpush) {
                this.session.requestNext();
            }
        }
        else {
            throw new ProtocolException(ErrorCode.UNKNOWN_OP, "no known key in control packet "
                    + ProtocolException.excerpt(String.join(", ", tree.propertyNames()), ProtocolException.MAX_ECHO));
        }
    }

    private void register(SkillPattern pattern) {
        if (!this.grant.maySubscribe(pattern)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "may not register '" + pattern + "'");
        }
        if (this.session.patterns().contains(pattern)) {
            return;
        }
        if (this.session.patterns().size() >= this.context.limits().maxSkillsPerClient()) {
            throw new ProtocolException(ErrorCode.TOO_MANY_SKILLS,
                    "at most " + this.context.limits().maxSkillsPerClient() + " registrations per client");
        }
        this.session.addPattern(pattern);
        try {
            this.context.bus().register(this.session, pattern);
        }
        catch (TooManyPatternsException ex) {
            this.session.removePattern(pattern);
            throw new ProtocolException(ErrorCode.TOO_MANY_SKILLS, ex.getMessage());
        }
    }

    /** Fast-push without buffering streams; with buffering it is stop-and-wait; without fast-push each ack pulls one. */
    private void applyFlow() {
        if (!this.fastpush) {
            this.session.pull(this.buffering);
        }
        else if (this.buffering) {
            this.session.pushWithWindow(1);
        }
        else {
            this.session.pushUntracked();
        }
    }

    private static SkillPattern pattern(JsonNode tree, String key) {
        JsonNode value = tree.get(key);
        if (!value.isString()) {
            throw new ProtocolException(ErrorCode.WRONG_TYPE, "'" + key + "' must be a string");
        }
        SkillPattern.problemWithRegistration(value.stringValue()).ifPresent(problem -> {
            throw new ProtocolException(ErrorCode.INVALID_SKILL, problem);
        });
        return SkillPattern.parse(value.stringValue());
    }

    private static boolean flag(JsonNode tree, String key) {
        JsonNode value = tree.get(key);
        if (!value.isBoolean()) {
            throw new ProtocolException(ErrorCode.WRONG_TYPE, "'" + key + "' must be true or false");
        }
        return value.booleanValue();
    }

    private void refuse(ProtocolException ex) {
        this.context.metrics().rejected(ProtocolVersion.V1.label(), ex.code().wire());
        this.refusals.refused("v1", this.session.id(), ex);
    }

    /**
     * Whether a text frame is beyond {@code maxBytes} of UTF-8: checked before parsing, so a
     * control frame's JSON tree stays small whatever the frame limit.
     */
    static boolean tooLarge(String text, int maxBytes) {
        if (text.length() <= maxBytes / 3) {
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
            if (bytes > maxBytes) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onClosed() {
        this.session.detach(this.transport);
        int lost = this.context.release(this.session);
        if (lost > 0) {
            log.info("v1 client {} disconnected with {} packets undelivered (counted as dropped)", this.session.id(), lost);
        }
    }

    @Override
    public Outgoing encode(Outgoing frame) {
        return switch (frame) {
            case Outgoing.Data data -> data;
            case Outgoing.Close close -> close;
            case Outgoing.Control control -> null;
            case Outgoing.Dropped dropped -> null;
        };
    }
}
