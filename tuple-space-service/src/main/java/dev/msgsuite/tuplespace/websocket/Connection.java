package dev.msgsuite.tuplespace.websocket;

import dev.msgsuite.tuplespace.access.Operation;
import dev.msgsuite.tuplespace.access.SpaceAccess;
import dev.msgsuite.tuplespace.space.NotifyListener;
import dev.msgsuite.tuplespace.space.SpaceMetrics;
import dev.msgsuite.tuplespace.space.Subscription;
import dev.msgsuite.tuplespace.space.TupleSpace;
import dev.msgsuite.tuplespace.space.Wait;
import dev.msgsuite.tuplespace.tuples.Refusal;
import dev.msgsuite.tuplespace.tuples.Refusal.Reason;
import dev.msgsuite.tuplespace.tuples.Template;
import dev.msgsuite.tuplespace.tuples.Tuple;
import dev.msgsuite.tuplespace.tuples.TupleFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One websocket client's requests, without the socket: each text frame is one request
 * ({@code {"id": 1, "op": "take", "space": "jobs", "template": [...], "timeout": 5000}}), answered by a
 * frame with the same id. Blocking reads and takes answer when they complete; notify answers once,
 * then sends one {@code "event": "write"} frame per matching write. See docs/tuplespace.md.
 */
final class Connection {

    private final Authentication principal;

    private final TupleSpace space;

    private final SpaceAccess access;

    private final TupleFormat format;

    private final SpaceMetrics metrics;

    private final JsonMapper json;

    private final Consumer<String> sender;

    private final int maxWaiters;

    private final int maxReadAll;

    /** Another instance relaying its clients' requests: they were checked there, and this instance must be the home. */
    private final boolean peer;

    /** Blocked reads and takes, and subscriptions, by request id. */
    private final Map<String, Object> pending = new ConcurrentHashMap<>();

    private volatile boolean closed;

    Connection(Authentication principal, TupleSpace space, SpaceAccess access, TupleFormat format, SpaceMetrics metrics, JsonMapper json,
            Consumer<String> sender, int maxWaiters, int maxReadAll, boolean peer) {
        this.principal = principal;
        this.space = space;
        this.access = access;
        this.format = format;
        this.metrics = metrics;
        this.json = json;
        this.sender = sender;
        this.maxWaiters = maxWaiters;
        this.maxReadAll = maxReadAll;
        this.peer = peer;
    }

    void receive(String text) {
        JsonNode request;
        try {
            request = this.json.readTree(text);
        }
        catch (JacksonException ex) {
            refuse(null, new Refusal(Reason.MALFORMED_REQUEST, "A request is one JSON object"));
            return;
        }
        JsonNode id = request.isObject() ? request.get("id") : null;
        if (id == null || !(id.isString() || id.isIntegralNumber())) {
            refuse(null, new Refusal(Reason.MALFORMED_REQUEST, "A request is a JSON object with an \"id\" (a string or an integer) and an \"op\""));
            return;
        }
        try {
            handle(id, request);
        }
        catch (Refusal refusal) {
            refuse(id, refusal);
        }
        catch (RuntimeException ex) {
            refuse(id, new Refusal(Reason.UNAVAILABLE, "The tuple space could not serve this request now; retry"));
        }
    }

    private void handle(JsonNode id, JsonNode request) {
        String op = text(request, "op");
        switch (op == null ? "" : op) {
            case "write" -> write(id, request);
            case "read" -> readOrTake(id, request, false);
            case "take" -> readOrTake(id, request, true);
            case "readAll" -> readAll(id, request);
            case "notify" -> subscribe(id, request);
            case "cancel" -> cancel(id, request);
            default -> throw new Refusal(Reason.MALFORMED_REQUEST,
                    "\"op\" is one of write, read, take, readAll, notify, cancel");
        }
    }

    private void write(JsonNode id, JsonNode request) {
        String space = space(request, Operation.WRITE);
        Tuple tuple = this.format.tuple(request.get("tuple"));
        Duration lease = millis(request, "lease");
        this.space.write(space, tuple, lease, this.peer).whenComplete((tupleId, error) -> {
            if (error != null) {
                refuse(id, refusal(error));
                return;
            }
            ObjectNode answer = answer(id);
            answer.put("ok", true);
            answer.put("tupleId", tupleId);
            send(answer);
        });
        this.metrics.operation("write");
    }

    private void readOrTake(JsonNode id, JsonNode request, boolean take) {
        String space = space(request, take ? Operation.TAKE : Operation.READ);
        Template template = this.format.template(request.get("template"));
        Duration timeout = millis(request, "timeout");
        boolean probe = timeout != null && timeout.isZero();
        String key = probe ? null : reservePending(id);
        Wait wait;
        try {
            wait = take ? this.space.take(space, template, timeout, this.peer) : this.space.read(space, template, timeout, this.peer);
        }
        catch (RuntimeException ex) {
            if (key != null) {
                this.pending.remove(key);
            }
            throw ex;
        }
        this.metrics.operation((take ? "take" : "read") + (probe ? "-probe" : ""));
        if (key != null) {
            this.pending.put(key, wait);
        }
        wait.result().whenComplete((found, error) -> {
            if (key != null) {
                this.pending.remove(key, wait);
            }
            if (error != null) {
                refuse(id, refusal(error));
            }
            else if (this.closed && take && found.isPresent()) {
                // taken for a client that left meanwhile: it goes back into the space
                this.space.write(space, found.get(), null, false);
            }
            else {
                sendTuple(id, found.orElse(null));
            }
        });
        if (this.closed) {
            wait.cancel();
        }
    }

    private void readAll(JsonNode id, JsonNode request) {
        String space = space(request, Operation.READ);
        Template template = this.format.template(request.get("template"));
        this.space.readAll(space, template, this.maxReadAll, this.peer).whenComplete((tuples, error) -> {
            if (error != null) {
                refuse(id, refusal(error));
                return;
            }
            ObjectNode answer = answer(id);
            ArrayNode array = answer.putArray("tuples");
            tuples.forEach(tuple -> array.add(tuple.toJson()));
            send(answer);
        });
        this.metrics.operation("read-all");
    }

    private void subscribe(JsonNode id, JsonNode request) {
        String space = space(request, Operation.READ);
        Template template = this.format.template(request.get("template"));
        String key = reservePending(id);
        Subscription subscription;
        try {
            subscription = this.space.subscribe(space, template, new NotifyListener() {

                @Override
                public void write(Tuple tuple) {
                    ObjectNode event = answer(id);
                    event.put("event", "write");
                    event.set("tuple", tuple.toJson());
                    send(event);
                }

                @Override
                public void ended(Refusal why) {
                    Connection.this.pending.remove(key);
                    refuse(id, why);
                }
            }, this.peer);
        }
        catch (RuntimeException ex) {
            this.pending.remove(key);
            throw ex;
        }
        this.metrics.operation("notify");
        this.pending.put(key, subscription);
        ObjectNode answer = answer(id);
        answer.put("ok", true);
        send(answer);
        if (this.closed) {
            subscription.cancel();
        }
    }

    private void cancel(JsonNode id, JsonNode request) {
        JsonNode target = request.get("target");
        Object waiting = target == null ? null : this.pending.get(target.asString());
        if (waiting instanceof Wait wait) {
            wait.cancel();
        }
        else if (waiting instanceof Subscription subscription) {
            this.pending.remove(target.asString(), subscription);
            subscription.cancel();
        }
        ObjectNode answer = answer(id);
        answer.put("ok", waiting != null);
        send(answer);
    }

    /** The connection closed: every wait and subscription of it ends. */
    void close() {
        this.closed = true;
        this.pending.values().forEach(waiting -> {
            if (waiting instanceof Wait wait) {
                wait.cancel();
            }
            else if (waiting instanceof Subscription subscription) {
                subscription.cancel();
            }
        });
    }

    private String reservePending(JsonNode id) {
        String key = id.asString();
        if (!this.peer && this.pending.size() >= this.maxWaiters) {
            throw new Refusal(Reason.TOO_MANY_WAITERS, "This connection has " + this.maxWaiters
                    + " blocked reads, takes and subscriptions, the most allowed; cancel some or wait for them");
        }
        if (this.pending.putIfAbsent(key, Boolean.TRUE) != null) {
            throw new Refusal(Reason.MALFORMED_REQUEST, "Request id " + key + " is still waiting; use another id");
        }
        return key;
    }

    private String space(JsonNode request, Operation operation) {
        String space = this.format.space(text(request, "space"));
        if (!this.peer) {
            this.access.check(this.principal, operation, space);
        }
        return space;
    }

    private static Refusal refusal(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof Refusal refusal ? refusal
                : new Refusal(Reason.UNAVAILABLE, "The tuple space could not complete this request; retry");
    }

    private static @Nullable Duration millis(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0 || !value.canConvertToLong()) {
            throw new Refusal(Reason.MALFORMED_REQUEST, "\"" + field + "\" is a number of milliseconds, 0 or more");
        }
        return Duration.ofMillis(value.asLong());
    }

    private static @Nullable String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    private void sendTuple(JsonNode id, @Nullable Tuple tuple) {
        ObjectNode answer = answer(id);
        answer.set("tuple", tuple == null ? answer.nullNode() : tuple.toJson());
        send(answer);
    }

    private void refuse(@Nullable JsonNode id, Refusal refusal) {
        this.metrics.refusal(refusal.reason());
        ObjectNode answer = answer(id);
        answer.put("error", refusal.reason().code());
        answer.put("message", refusal.getMessage());
        send(answer);
    }

    private ObjectNode answer(@Nullable JsonNode id) {
        ObjectNode answer = this.json.createObjectNode();
        answer.set("id", id == null ? answer.nullNode() : id);
        return answer;
    }

    private void send(ObjectNode frame) {
        if (!this.closed) {
            this.sender.accept(frame.toString());
        }
    }
}
