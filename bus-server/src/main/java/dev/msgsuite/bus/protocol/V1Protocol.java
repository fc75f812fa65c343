package dev.msgsuite.bus.protocol;

import dev.msgsuite.bus.auth.Grant;
import dev.msgsuite.bus.routing.SkillPattern;
import dev.msgsuite.bus.session.ClientSession;
import dev.msgsuite.bus.session.Outgoing;
import dev.msgsuite.bus.session.ProtocolVersion;
import dev.msgsuite.bus.session.SessionTransport;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Protocol v1, compatible with the original clients: text frames are control packets whose
 * first known key wins ({@code register}, {@code deregister}, {@code buffering}, {@code fastpush},
 * {@code get}, {@code ack}), binary frames are data packets. It never sends anything but data
 * packets, because original clients parse every frame they receive as one: refused input is
 * logged and counted, and the connection stays up.
 */
public final class V1Protocol implements ClientProtocol {

    private static final Logger log = LoggerFactory.getLogger(V1Protocol.class);

    private final ProtocolContext context;

    private final SessionTransport transport;

    private final Grant grant;

    private final ClientSession session;

    private final PacketReader packets;

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
        JsonNode tree;
        try {
            tree = this.context.json().readTree(text);
        }
        catch (JacksonException ex) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "control packet is not JSON: " + ex.getOriginalMessage());
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
            throw new ProtocolException(ErrorCode.UNKNOWN_OP, "no known key in control packet " + tree.propertyNames());
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
        this.context.bus().register(this.session, pattern);
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
        SkillPattern.problemWithPattern(value.stringValue()).ifPresent(problem -> {
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
        log.warn("v1 client {}: refused frame ({}): {}", this.session.id(), ex.code().wire(), ex.getMessage());
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
