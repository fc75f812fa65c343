package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.client.TupleSpaceClient;
import dev.msgsuite.tuplespace.client.TupleSpaceException;
import dev.msgsuite.tuplespace.tuples.Refusal;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * This instance's connection to another one's {@code /cluster/ws}, over which it relays the
 * requests of its clients for the spaces that instance is home of: the same protocol clients
 * speak (through the Java client's connection), authenticated with the cluster's credential. The
 * other instance's refusals come back as {@link Refusal}s with their reason; when the connection
 * ends, every relayed request fails with {@code unavailable} and every relayed notify ends.
 */
final class PeerLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerLink.class);

    final UUID instance;

    private final TupleSpaceClient client;

    PeerLink(UUID instance, URI address, String token, Consumer<PeerLink> onClose) {
        this.instance = instance;
        try {
            this.client = TupleSpaceClient.connectWithToken(address, token);
        }
        catch (TupleSpaceException ex) {
            throw new Refusal(Refusal.Reason.UNAVAILABLE, "The instance serving this space (" + address + ") cannot be reached; retry");
        }
        this.client.onClose(why -> {
            log.info("Link to tuple space instance {} ended: {}", instance, why);
            onClose.accept(this);
        });
        log.info("Relaying to tuple space instance {} at {}", instance, address);
    }

    boolean open() {
        return this.client.isOpen();
    }

    ObjectNode request(String op, String space) {
        ObjectNode request = this.client.newRequest(op);
        request.put("space", space);
        return request;
    }

    /** Sends a request; its answer completes the future, an error frame fails it with the {@link Refusal} it names. */
    CompletableFuture<JsonNode> call(ObjectNode request) {
        return this.client.call(request).exceptionallyCompose(error -> CompletableFuture.failedFuture(refusal(error)));
    }

    /** Cancels a relayed read, take or notify by the id of its request. */
    void cancel(String target) {
        this.client.unlisten(target);
        ObjectNode cancel = this.client.newRequest("cancel");
        cancel.put("target", target);
        this.client.call(cancel);
    }

    /** Events ({@code "event": "write"}) and the end of a relayed notify (an error frame) go to {@code listener}. */
    void listen(String id, Consumer<JsonNode> listener) {
        this.client.listen(id, listener);
    }

    @Override
    public void close() {
        this.client.close();
    }

    private static Refusal refusal(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TupleSpaceException refused && !refused.code().equals("closed")) {
            String message = refused.getMessage();
            String prefix = refused.code() + ": ";
            return new Refusal(Refusal.Reason.ofCode(refused.code()), message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        }
        return new Refusal(Refusal.Reason.UNAVAILABLE, "The connection to the instance serving this space ended (" + cause.getMessage() + "); retry");
    }
}
