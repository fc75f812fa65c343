package dev.msgsuite.bus.protocol;

import dev.msgsuite.bus.auth.Grant;
import dev.msgsuite.bus.routing.SkillPattern;
import dev.msgsuite.bus.routing.TooManyPatternsException;
import dev.msgsuite.bus.session.ClientSession;
import dev.msgsuite.bus.session.Outgoing;
import dev.msgsuite.bus.session.ProtocolVersion;
import dev.msgsuite.bus.session.SessionTransport;
import dev.msgsuite.skillbus.protocol.CloseCode;
import dev.msgsuite.skillbus.protocol.ControlOp;
import dev.msgsuite.skillbus.protocol.DeliveryFrame;
import dev.msgsuite.skillbus.protocol.ErrorCode;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Protocol v2 ({@code skillbus.v2}, see docs/protocol.md): every control frame
 * {@code {"op": ..., "ref": ...}} gets an {@code ok} or {@code error} reply echoing {@code ref};
 * deliveries are binary frames prefixed with an 8-byte delivery id; flow control by prefetch
 * window or pull grants; a session named with {@code hello} survives a disconnect for the
 * resume window and is resumed only with the secret its first {@code hello} returned (and, with
 * tokens, by the same token name).
 */
public final class V2Protocol implements ClientProtocol {

    /** Default prefetch window of a new v2 session: one packet in flight until acknowledged. */
    public static final int DEFAULT_PREFETCH = 1;

    private static final Logger log = LoggerFactory.getLogger(V2Protocol.class);

    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private static final int RESUME_SECRET_BYTES = 32;

    /** Longest string {@code ref}: a correlation id, echoed in the reply, so it must stay short. */
    public static final int MAX_REF_LENGTH = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Map<String, Set<String>> FIELDS = Map.of(
            ControlOp.HELLO, Set.of("session", "secret"),
            ControlOp.REGISTER, Set.of("skill"),
            ControlOp.DEREGISTER, Set.of("skill"),
            ControlOp.PREFETCH, Set.of("count"),
            ControlOp.PULL, Set.of("count"),
            ControlOp.ACK, Set.of("id", "multiple"),
            ControlOp.GET, Set.of("id"));

    private final ProtocolContext context;

    private final SessionTransport transport;

    private final Grant grant;

    private final PacketReader packets;

    private final RefusalLog refusals = new RefusalLog(log, Level.DEBUG);

    private volatile ClientSession session;

    private boolean resumable;

    private boolean helloAllowed = true;

    public V2Protocol(ProtocolContext context, SessionTransport transport, Grant grant) {
        this.context = context;
        this.transport = transport;
        this.grant = grant;
        this.packets = new PacketReader(context.json());
        this.session = context.newSession("v2-" + UUID.randomUUID(), ProtocolVersion.V2, grant.name());
        context.store().add(this.session);
        this.session.pushWithWindow(DEFAULT_PREFETCH);
        this.session.attach(transport);
    }

    @Override
    public ClientSession session() {
        return this.session;
    }

    @Override
    public void onText(String text) {
        JsonNode ref = null;
        try {
            JsonNode tree = parse(text);
            ref = ref(tree);
            ObjectNode ok = control(tree);
            if (ref != null) {
                ok.set("ref", ref);
            }
            this.session.reply(ok.toString());
        }
        catch (ProtocolException ex) {
            refuse(ex, ref);
        }
    }

    @Override
    public void onBinary(byte[] bytes) {
        this.helloAllowed = false;
        try {
            this.context.publish(this.packets.read(bytes), this.grant);
        }
        catch (ProtocolException ex) {
            refuse(ex, null);
        }
    }

    private JsonNode parse(String text) {
        if (V1Protocol.tooLarge(text, this.context.limits().maxControlFrameBytes())) {
            throw new ProtocolException(ErrorCode.TOO_LARGE,
                    "control frame larger than " + this.context.limits().maxControlFrameBytes() + " bytes");
        }
        JsonNode tree;
        try {
            tree = this.context.json().readTree(text);
        }
        catch (JacksonException ex) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "control frame is not JSON: "
                    + ProtocolException.excerpt(ex.getOriginalMessage(), ProtocolException.MAX_DETAIL));
        }
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException(ErrorCode.NOT_AN_OBJECT, "control frame must be a JSON object");
        }
        return tree;
    }

    private ObjectNode control(JsonNode tree) {
        JsonNode opNode = tree.get("op");
        if (opNode == null) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, "control frame needs 'op'");
        }
        if (!opNode.isString()) {
            throw new ProtocolException(ErrorCode.WRONG_TYPE, "'op' must be a string");
        }
        String op = opNode.stringValue();
        Set<String> allowed = FIELDS.get(op);
        if (allowed == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_OP, "unknown op '" + ProtocolException.excerpt(op, ProtocolException.MAX_ECHO)
                    + "', expected one of " + FIELDS.keySet());
        }
        for (String field : tree.propertyNames()) {
            if (!field.equals("op") && !field.equals("ref") && !allowed.contains(field)) {
                throw new ProtocolException(ErrorCode.UNKNOWN_FIELD,
                        "'" + op + "' has no field '" + ProtocolException.excerpt(field, ProtocolException.MAX_ECHO) + "'");
            }
        }
        boolean hello = op.equals(ControlOp.HELLO);
        if (hello && !this.helloAllowed) {
            throw new ProtocolException(ErrorCode.HELLO_TOO_LATE, "'hello' must be the first frame of a connection");
        }
        this.helloAllowed = false;
        ObjectNode ok = this.context.json().createObjectNode().put("op", ControlOp.OK);
        switch (op) {
            case ControlOp.HELLO -> hello(optionalString(tree, "session"), optionalString(tree, "secret"), ok);
            case ControlOp.REGISTER -> register(pattern(tree), ok);
            case ControlOp.DEREGISTER -> deregister(pattern(tree));
            case ControlOp.PREFETCH -> prefetch(count(tree, 0), ok);
            case ControlOp.PULL -> {
                this.session.pull(true);
                this.session.grant(count(tree, 1));
            }
            case ControlOp.ACK -> ok.put("released", ack(tree));
            case ControlOp.GET -> get(tree);
            default -> throw new IllegalStateException(op);
        }
        return ok;
    }

    /** The frame's {@code ref} if it has a valid one: a string of at most {@value #MAX_REF_LENGTH} characters or a long. */
    private static JsonNode ref(JsonNode tree) {
        JsonNode ref = tree.get("ref");
        if (ref == null) {
            return null;
        }
        if (ref.isString()) {
            if (ref.stringValue().length() > MAX_REF_LENGTH) {
                throw new ProtocolException(ErrorCode.INVALID_VALUE, "'ref' must be at most " + MAX_REF_LENGTH + " characters");
            }
            return ref;
        }
        if (ref.isIntegralNumber() && ref.canConvertToLong()) {
            return ref;
        }
        throw new ProtocolException(ErrorCode.WRONG_TYPE, "'ref' must be a string or a 64-bit integer");
    }

    private void hello(Optional<String> requested, Optional<String> secret, ObjectNode ok) {
        String id = requested.orElseGet(() -> "s-" + UUID.randomUUID());
        if (!SESSION_ID.matcher(id).matches()) {
            throw new ProtocolException(ErrorCode.INVALID_VALUE, "'session' must be 1 to 128 of A-Z a-z 0-9 . _ : -");
        }
        ClientSession fresh = this.session;
        ClientSession existing = this.context.store().find(id).orElse(null);
        boolean resumed = existing != null;
        String issued = null;
        if (resumed) {
            // refusals leave the session and its connection alone: a name alone never takes a session over
            if (!existing.owner().equals(this.grant.name())) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "session '" + id + "' belongs to another token");
            }
            if (existing.protocol() != ProtocolVersion.V2 || secret.isEmpty() || !existing.resumableBy(secret.get())) {
                throw new ProtocolException(ErrorCode.SESSION_TAKEN,
                        "session '" + id + "' exists; resuming it needs the resumeSecret its first hello returned");
            }
            this.session = existing;
            SessionTransport previous = existing.attach(this.transport);
            if (previous != null) {
                previous.close(CloseCode.TAKEN_OVER, "session resumed by another connection");
            }
            this.context.store().resumed(existing);
        }
        else {
            ClientSession named = this.context.newSession(id, ProtocolVersion.V2, this.grant.name());
            issued = newResumeSecret();
            named.resumableWith(issued);
            named.pushWithWindow(DEFAULT_PREFETCH);
            if (!this.context.store().add(named)) {
                throw new ProtocolException(ErrorCode.SESSION_TAKEN, "session '" + id + "' was just created by another connection");
            }
            this.session = named;
            named.attach(this.transport);
        }
        fresh.detach(this.transport);
        this.context.release(fresh);
        this.resumable = true;
        ok.put("session", id).put("resumed", resumed);
        ok.put("resumeWindowSeconds", this.context.store().resumeWindow().toSeconds());
        if (issued != null) {
            ok.put("resumeSecret", issued);
        }
    }

    private static String newResumeSecret() {
        byte[] bytes = new byte[RESUME_SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void register(SkillPattern pattern, ObjectNode ok) {
        if (!this.grant.maySubscribe(pattern)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "may not register '" + pattern + "'");
        }
        if (this.session.patterns().contains(pattern)) {
            ok.put("already", true);
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

    private void deregister(SkillPattern pattern) {
        if (!this.session.removePattern(pattern)) {
            throw new ProtocolException(ErrorCode.NOT_REGISTERED, "'" + pattern + "' is not registered");
        }
        this.context.bus().deregister(this.session, pattern);
    }

    private void prefetch(int count, ObjectNode ok) {
        if (count == 0) {
            this.session.pushUntracked();
        }
        else {
            this.session.pushWithWindow(count);
        }
        ok.put("prefetch", count);
    }

    private int ack(JsonNode tree) {
        long id = deliveryId(tree).orElseThrow(() -> new ProtocolException(ErrorCode.MISSING_FIELD, "'ack' needs 'id'"));
        JsonNode multiple = tree.get("multiple");
        if (multiple != null && !multiple.isBoolean()) {
            throw new ProtocolException(ErrorCode.WRONG_TYPE, "'multiple' must be true or false");
        }
        int released = this.session.ack(id, multiple != null && multiple.booleanValue());
        if (released == 0) {
            throw new ProtocolException(ErrorCode.UNKNOWN_DELIVERY, "delivery " + id + " is not awaiting an ack");
        }
        return released;
    }

    private void get(JsonNode tree) {
        Optional<Long> id = deliveryId(tree);
        if (id.isPresent() && !this.session.resend(id.get())) {
            throw new ProtocolException(ErrorCode.UNKNOWN_DELIVERY, "delivery " + id.get() + " is not awaiting an ack");
        }
        if (id.isEmpty() && !this.session.resendOldest()) {
            throw new ProtocolException(ErrorCode.NOTHING_HELD, "no delivery is awaiting an ack");
        }
    }

    private static Optional<Long> deliveryId(JsonNode tree) {
        JsonNode id = tree.get("id");
        if (id == null) {
            return Optional.empty();
        }
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() < 1) {
            throw new ProtocolException(ErrorCode.WRONG_TYPE, "'id' must be a positive integer delivery id");
        }
        return Optional.of(id.longValue());
    }

    private int count(JsonNode tree, int minimum) {
        JsonNode count = tree.get("count");
        if (count == null) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, "'count' is required");
        }
        if (!count.isIntegralNumber() || !count.canConvertToInt()) {
            throw new ProtocolException(ErrorCode.WRONG_TYPE, "'count' must be an integer");
        }
        int value = count.intValue();
        int maximum = this.context.limits().maxPrefetch();
        if (value < minimum || value > maximum) {
            throw new ProtocolException(ErrorCode.INVALID_VALUE, "'count' must be between " + minimum + " and " + maximum);
        }
        return value;
    }

    private static SkillPattern pattern(JsonNode tree) {
        String skill = optionalString(tree, "skill")
                .orElseThrow(() -> new ProtocolException(ErrorCode.MISSING_FIELD, "'skill' is required"));
        SkillPattern.problemWithRegistration(skill).ifPresent(problem -> {
            throw new ProtocolException(ErrorCode.INVALID_SKILL, problem);
        });
        return SkillPattern.parse(skill);
    }

    private static Optional<String> optionalString(JsonNode tree, String field) {
        JsonNode value = tree.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw new ProtocolException(ErrorCode.WRONG_TYPE, "'" + field + "' must be a string");
        }
        return Optional.of(value.stringValue());
    }

    private void refuse(ProtocolException ex, JsonNode ref) {
        this.context.metrics().rejected(ProtocolVersion.V2.label(), ex.code().wire());
        this.refusals.refused("v2", this.session.id(), ex);
        ObjectNode error = this.context.json().createObjectNode().put("op", ControlOp.ERROR);
        if (ref != null) {
            error.set("ref", ref);
        }
        error.put("code", ex.code().wire()).put("message", ex.getMessage());
        this.session.reply(error.toString());
    }

    @Override
    public void onClosed() {
        ClientSession current = this.session;
        if (!current.detach(this.transport)) {
            return;
        }
        if (this.resumable && !current.closing()) {
            this.context.store().detached(current);
            return;
        }
        int lost = this.context.release(current);
        if (lost > 0) {
            log.info("v2 client {} disconnected with {} packets undelivered (counted as dropped)", current.id(), lost);
        }
    }

    @Override
    public Outgoing encode(Outgoing frame) {
        return switch (frame) {
            case Outgoing.Data data -> new Outgoing.Data(data.id(), data.packet(),
                    DeliveryFrame.encode(data.id(), data.bytes()));
            case Outgoing.Dropped dropped -> new Outgoing.Control(this.context.json().createObjectNode().put("op", ControlOp.DROPPED)
                    .put("count", dropped.count()).put("total", dropped.total()).toString());
            case Outgoing.Control control -> control;
            case Outgoing.Close close -> close;
        };
    }
}
