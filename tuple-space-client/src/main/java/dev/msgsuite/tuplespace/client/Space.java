package dev.msgsuite.tuplespace.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One named space on a {@link TupleSpaceClient}'s connection. Tuples are lists of strings, numbers,
 * booleans and nulls; templates are lists whose fields are {@code null} (any), a value (equal) or a
 * {@link Templates type pattern}. The blocking methods wait on the calling thread; the
 * {@code ...Async} ones return futures and hold no thread. Safe for use by several threads.
 */
public final class Space {

    private final TupleSpaceClient client;

    private final String name;

    Space(TupleSpaceClient client, String name) {
        this.client = client;
        this.name = name;
    }

    public String name() {
        return this.name;
    }

    /** Writes a tuple that never expires; returns its id. */
    public long write(List<?> tuple) {
        return write(tuple, null);
    }

    /** Writes a tuple that expires after {@code lease} ({@code null}: never); returns its id. */
    public long write(List<?> tuple, @Nullable Duration lease) {
        return join(writeAsync(tuple, lease));
    }

    public CompletableFuture<Long> writeAsync(List<?> tuple, @Nullable Duration lease) {
        ObjectNode request = request("write");
        request.set("tuple", this.client.json().valueToTree(tuple));
        if (lease != null) {
            request.put("lease", lease.toMillis());
        }
        return this.client.call(request).thenApply(answer -> answer.get("tupleId").asLong());
    }

    /** The oldest matching tuple, left in place, waiting for one as long as {@code timeout} ({@code null}: forever). */
    public Optional<List<Object>> read(List<?> template, @Nullable Duration timeout) {
        return join(readAsync(template, timeout));
    }

    /** The oldest matching tuple, removed, waiting for one as long as {@code timeout} ({@code null}: forever). */
    public Optional<List<Object>> take(List<?> template, @Nullable Duration timeout) {
        return join(takeAsync(template, timeout));
    }

    /** The probe: the oldest matching tuple now, or nothing. */
    public Optional<List<Object>> readProbe(List<?> template) {
        return read(template, Duration.ZERO);
    }

    /** The probe: takes the oldest matching tuple now, or nothing. */
    public Optional<List<Object>> takeProbe(List<?> template) {
        return take(template, Duration.ZERO);
    }

    public CompletableFuture<Optional<List<Object>>> readAsync(List<?> template, @Nullable Duration timeout) {
        return wait("read", template, timeout);
    }

    public CompletableFuture<Optional<List<Object>>> takeAsync(List<?> template, @Nullable Duration timeout) {
        return wait("take", template, timeout);
    }

    /** Every live matching tuple, oldest first (at most the service's {@code max-read-all}). */
    public List<List<Object>> readAll(List<?> template) {
        ObjectNode request = request("readAll");
        request.set("template", this.client.json().valueToTree(template));
        JsonNode answer = join(this.client.call(request));
        List<List<Object>> tuples = new ArrayList<>();
        answer.get("tuples").forEach(tuple -> tuples.add(this.client.tuple(tuple)));
        return tuples;
    }

    /**
     * Calls {@code listener} with every matching tuple written from now on (on the client's receiving
     * thread: it must not block), until the returned handle is closed.
     */
    public AutoCloseable notify(List<?> template, Consumer<List<Object>> listener) {
        return notify(template, listener, ended -> {
        });
    }

    /**
     * As {@link #notify(List, Consumer)}; {@code ended} is told if the subscription ends before the
     * handle is closed (code {@code unavailable}: its space moved between instances, or {@code closed}:
     * the connection ended). Subscribe again to go on.
     */
    public AutoCloseable notify(List<?> template, Consumer<List<Object>> listener, Consumer<TupleSpaceException> ended) {
        ObjectNode request = request("notify");
        request.set("template", this.client.json().valueToTree(template));
        String id = request.get("id").asString();
        this.client.listen(id, event -> {
            if (event.has("event")) {
                listener.accept(this.client.tuple(event.get("tuple")));
            }
            else if (event.has("error")) {
                ended.accept(new TupleSpaceException(event.get("error").asString(), event.path("message").asString("")));
            }
        });
        try {
            join(this.client.call(request));
        }
        catch (RuntimeException ex) {
            this.client.unlisten(id);
            throw ex;
        }
        return () -> {
            this.client.unlisten(id);
            ObjectNode cancel = this.client.newRequest("cancel");
            cancel.put("target", id);
            join(this.client.call(cancel));
        };
    }

    private CompletableFuture<Optional<List<Object>>> wait(String op, List<?> template, @Nullable Duration timeout) {
        ObjectNode request = request(op);
        request.set("template", this.client.json().valueToTree(template));
        if (timeout != null) {
            request.put("timeout", timeout.toMillis());
        }
        return this.client.call(request).thenApply(answer -> {
            JsonNode tuple = answer.get("tuple");
            return tuple == null || tuple.isNull() ? Optional.empty() : Optional.of(this.client.tuple(tuple));
        });
    }

    private ObjectNode request(String op) {
        ObjectNode request = this.client.newRequest(op);
        request.put("space", this.name);
        return request;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof TupleSpaceException refused) {
                throw refused;
            }
            throw ex;
        }
    }
}
