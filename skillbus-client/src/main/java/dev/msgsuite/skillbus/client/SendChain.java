package dev.msgsuite.skillbus.client;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The JDK websocket allows one outstanding send: each send starts when the previous one ended. */
final class SendChain {

    private final Object lock = new Object();

    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    /** Queues {@code operation} on {@code socket}; fails with {@code disconnected} if there is no socket. */
    CompletableFuture<Void> send(@Nullable WebSocket socket, Function<WebSocket, CompletableFuture<WebSocket>> operation) {
        synchronized (this.lock) {
            if (socket == null) {
                return CompletableFuture.failedFuture(new SkillBusException(SkillBusException.DISCONNECTED, "not connected"));
            }
            CompletableFuture<Void> next = this.last.exceptionally(ignored -> null)
                    .thenCompose(previous -> operation.apply(socket)).thenApply(sent -> null);
            this.last = next;
            return next;
        }
    }
}
