package dev.msgsuite.skillbus.client;

import dev.msgsuite.skillbus.protocol.ControlOp;
import dev.msgsuite.skillbus.protocol.DeliveryFrame;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** What the bus sends, whole frames: replies complete their requests, notices and deliveries go to the listener. */
final class IncomingFrames {

    private static final Logger log = LoggerFactory.getLogger(SkillBusClient.class);

    private final SkillBusListener listener;

    private final PendingReplies pending;

    IncomingFrames(SkillBusListener listener, PendingReplies pending) {
        this.listener = listener;
        this.pending = pending;
    }

    void control(String text) {
        JsonNode frame;
        try {
            frame = ControlFrames.JSON.readTree(text);
        }
        catch (JacksonException ex) {
            log.warn("Ignoring a reply that is not JSON: {}", ex.getOriginalMessage());
            return;
        }
        String op = frame.path("op").asString("");
        if (op.equals(ControlOp.DROPPED)) {
            this.listener.onDropped(frame.path("count").asLong(), frame.path("total").asLong());
            return;
        }
        JsonNode ref = frame.get("ref");
        CompletableFuture<JsonNode> reply = ref == null ? null : this.pending.take(ref.asLong());
        if (op.equals(ControlOp.OK) && reply != null) {
            reply.complete(frame);
        }
        else if (op.equals(ControlOp.ERROR)) {
            SkillBusException error = new SkillBusException(frame.path("code").asString("error"), frame.path("message").asString(""));
            if (reply != null) {
                reply.completeExceptionally(error);
            }
            else {
                log.warn("The bus refused a frame: {}", error.getMessage());
            }
        }
    }

    void delivery(byte[] frame) {
        if (!DeliveryFrame.hasHeader(frame)) {
            log.warn("Ignoring a delivery of {} bytes", frame.length);
            return;
        }
        long id = DeliveryFrame.id(frame);
        byte[] bytes = DeliveryFrame.packet(frame);
        JsonNode packet;
        try {
            packet = ControlFrames.JSON.readTree(bytes);
        }
        catch (JacksonException ex) {
            log.warn("Ignoring a delivery that is not JSON: {}", ex.getOriginalMessage());
            return;
        }
        try {
            this.listener.onDelivery(new Delivery(id, packet.path("skill").asString(""), packet, bytes));
        }
        catch (RuntimeException ex) {
            log.warn("Listener failed on delivery {} (not acknowledged): {}", id, ex.toString());
        }
    }
}
