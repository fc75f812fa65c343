package dev.msgsuite.bus.websocket;

import jakarta.servlet.ServletException;
import jakarta.websocket.Extension;
import jakarta.websocket.SendHandler;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.websocket.MessagePart;
import org.apache.tomcat.websocket.PerMessageDeflate;
import org.apache.tomcat.websocket.Transformation;
import org.apache.tomcat.websocket.TransformationFactory;
import org.apache.tomcat.websocket.TransformationResult;

/**
 * Tomcat's {@code permessage-deflate} with the sending side replaced, so that a packet is
 * compressed once for all its subscribers ({@link PacketDeflater}) instead of once per
 * connection. Tomcat's own extension still does everything else: the negotiation answer, and
 * inflating what clients compress. Of the messages the server sends:
 * <ul>
 * <li>a data frame the connection handed over precompressed ({@link #send}) goes out as those
 * bytes with RSV1 set;</li>
 * <li>a data frame handed over as "uncompressed", and any other message below the size
 * threshold, goes out as it is with RSV1 clear (RFC 7692 lets every message choose);</li>
 * <li>other messages (a large reply, or a frame another thread happened to flush: the session
 * decorator lets whichever sender holds its lock write the queued frames) are compressed by
 * Tomcat's extension, as without this class.</li>
 * </ul>
 * Sharing compressed bytes between connections is only valid without server context takeover,
 * which the handshake filter always asks for; a negotiation without it keeps Tomcat's extension
 * unchanged.
 *
 * <p>The extension is registered with Tomcat's {@link TransformationFactory}, which is one per
 * JVM: registration is done once, by the first bus context with compression on. It acts only on
 * handshakes that pass through that context's filter ({@link #negotiating}); every other
 * handshake in the JVM gets Tomcat's extension as if nothing were registered. Tomcat builds
 * message parts with a package-private constructor: it is looked up once, at registration, and
 * a Tomcat without it stops the start-up with a message saying so.
 */
final class SharedDeflate implements Transformation {

    private static final int RSV1 = 0b100;

    private static final byte FIRST_CONTROL_OPCODE = 0x8;

    private static final ThreadLocal<Settings> NEGOTIATING = new ThreadLocal<>();

    private static final ScopedValue<Handoff> HANDOFF = ScopedValue.newInstance();

    private static volatile MethodHandle newMessagePart;

    private final Transformation tomcat;

    private final int minBytes;

    private final MethodHandle newPart;

    private volatile Transformation next;

    /** How the message in progress goes out, while its parts arrive (null between messages). */
    private volatile Mode message;

    private SharedDeflate(Transformation tomcat, int minBytes, MethodHandle newPart) {
        this.tomcat = tomcat;
        this.minBytes = minBytes;
        this.newPart = newPart;
    }

    /** What a handshake passing through an enabled bus's filter builds its extension with. */
    record Settings(int minBytes) {
    }

    /** The payload a connection is sending and what to send instead: deflated bytes, or null for uncompressed. */
    private record Handoff(byte[] payload, byte[] deflated) {
    }

    private enum Mode {
        AS_IS, PRECOMPRESSED, TOMCAT
    }

    /** An action that sends, as {@code WebSocketSession#sendMessage} does. */
    @FunctionalInterface
    interface Send {
        void run() throws IOException;
    }

    /** A step of the servlet filter chain. */
    @FunctionalInterface
    interface Chain {
        void proceed() throws IOException, ServletException;
    }

    /** Registers the extension with Tomcat, once per JVM; fails if this Tomcat builds message parts differently. */
    static synchronized void install() {
        if (newMessagePart != null) {
            return;
        }
        newMessagePart = messagePartConstructor();
        TransformationFactory.getInstance().registerExtension(PerMessageDeflate.NAME, SharedDeflate::build);
    }

    /** Runs a handshake (the rest of the filter chain) so that the extension it negotiates is this one. */
    static void negotiating(Settings settings, Chain chain) throws IOException, ServletException {
        NEGOTIATING.set(settings);
        try {
            chain.proceed();
        }
        finally {
            NEGOTIATING.remove();
        }
    }

    /**
     * Sends {@code payload} (with {@code send}, on this thread) as {@code deflated}, already
     * compressed, or uncompressed if {@code deflated} is null.
     */
    static void send(byte[] payload, byte[] deflated, Send send) throws IOException {
        ScopedValue.where(HANDOFF, new Handoff(payload, deflated)).call(() -> {
            send.run();
            return null;
        });
    }

    /** Whether a negotiated extension is this one: deflate without server context takeover, on a connection of an enabled bus. */
    static boolean negotiated(String name, Map<String, String> parameters) {
        return PerMessageDeflate.NAME.equals(name) && parameters.containsKey("server_no_context_takeover");
    }

    private static Transformation build(List<List<Extension.Parameter>> preferences, boolean isServer) {
        Transformation tomcat = PerMessageDeflate.BUILDER.build(preferences, isServer);
        Settings settings = NEGOTIATING.get();
        if (tomcat == null || !isServer || settings == null || !withoutServerContextTakeover(tomcat.getExtensionResponse())) {
            return tomcat;
        }
        return new SharedDeflate(tomcat, settings.minBytes(), newMessagePart);
    }

    private static boolean withoutServerContextTakeover(Extension response) {
        return response.getParameters().stream().anyMatch(parameter -> "server_no_context_takeover".equals(parameter.getName()));
    }

    private static MethodHandle messagePartConstructor() {
        MethodType type = MethodType.methodType(void.class, boolean.class, int.class, byte.class, ByteBuffer.class,
                SendHandler.class, SendHandler.class, boolean.class, long.class);
        try {
            return MethodHandles.privateLookupIn(MessagePart.class, MethodHandles.lookup()).findConstructor(MessagePart.class, type);
        }
        catch (ReflectiveOperationException | SecurityException ex) {
            throw new IllegalStateException("skillbus.compression.enabled=true needs Tomcat's websocket internals as in Tomcat 11.0 "
                    + "(a constructor MessagePart" + type.toString().replace(")void", ")") + "), which this Tomcat ("
                    + MessagePart.class.getPackage().getImplementationVersion() + ") does not have; set skillbus.compression.enabled=false",
                    ex);
        }
    }

    @Override
    public List<MessagePart> sendMessagePart(List<MessagePart> parts) throws IOException {
        List<MessagePart> out = new ArrayList<>(parts.size());
        for (MessagePart part : parts) {
            if (part.getOpCode() >= FIRST_CONTROL_OPCODE) {
                out.addAll(onward(part));
                continue;
            }
            Mode mode = this.message;
            Handoff handoff = null;
            if (mode == null) {
                handoff = handedOver(part);
                mode = handoff != null ? (handoff.deflated() != null ? Mode.PRECOMPRESSED : Mode.AS_IS)
                        : part.isFin() && part.getPayload().remaining() < this.minBytes ? Mode.AS_IS : Mode.TOMCAT;
            }
            this.message = part.isFin() ? null : mode;
            switch (mode) {
                case AS_IS -> out.addAll(onward(part));
                case PRECOMPRESSED -> out.addAll(onward(precompressed(part, handoff.deflated())));
                case TOMCAT -> out.addAll(this.tomcat.sendMessagePart(List.of(part)));
            }
        }
        return out;
    }

    /** The handoff for this part if the sending thread handed this very payload over, as one whole message. */
    private static Handoff handedOver(MessagePart part) {
        if (!HANDOFF.isBound() || !part.isFin()) {
            return null;
        }
        Handoff handoff = HANDOFF.get();
        ByteBuffer payload = part.getPayload();
        boolean same = payload.hasArray() && payload.array() == handoff.payload() && payload.arrayOffset() + payload.position() == 0
                && payload.remaining() == handoff.payload().length;
        return same ? handoff : null;
    }

    private MessagePart precompressed(MessagePart part, byte[] deflated) throws IOException {
        try {
            return (MessagePart) this.newPart.invokeExact(true, part.getRsv() | RSV1, part.getOpCode(), ByteBuffer.wrap(deflated),
                    part.getIntermediateHandler(), part.getEndHandler(), part.isBlocking(), part.getWriteTimeoutExpiry());
        }
        catch (Throwable ex) {
            throw new IOException("building a compressed message part failed", ex);
        }
    }

    /** A part that does not pass Tomcat's deflate still passes any extension after it. */
    private List<MessagePart> onward(MessagePart part) throws IOException {
        Transformation after = this.next;
        return after == null ? List.of(part) : after.sendMessagePart(List.of(part));
    }

    @Override
    public void setNext(Transformation transformation) {
        if (this.next == null) {
            this.next = transformation;
        }
        this.tomcat.setNext(transformation);
    }

    @Override
    public boolean validateRsvBits(int i) {
        return this.tomcat.validateRsvBits(i);
    }

    @Override
    public Extension getExtensionResponse() {
        return this.tomcat.getExtensionResponse();
    }

    @Override
    public TransformationResult getMoreData(byte opCode, boolean fin, int rsv, ByteBuffer dest) throws IOException {
        return this.tomcat.getMoreData(opCode, fin, rsv, dest);
    }

    @Override
    public boolean validateRsv(int rsv, byte opCode) {
        return this.tomcat.validateRsv(rsv, opCode);
    }

    @Override
    public void close() {
        this.tomcat.close();
    }
}
