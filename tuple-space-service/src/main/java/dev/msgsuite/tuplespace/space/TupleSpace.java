package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.space.SpaceHomes.Home;
import dev.msgsuite.tuplespace.space.SpaceHomes.Local;
import dev.msgsuite.tuplespace.space.SpaceHomes.Remote;
import dev.msgsuite.tuplespace.store.TupleStore;
import dev.msgsuite.tuplespace.tuples.Refusal;
import dev.msgsuite.tuplespace.tuples.Refusal.Reason;
import dev.msgsuite.tuplespace.tuples.Template;
import dev.msgsuite.tuplespace.tuples.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tuple space as every instance offers it: an operation on a space this instance is home of
 * runs on the {@link HomedSpace} in memory; one on a space homed elsewhere is relayed to its home
 * over a {@link PeerLink}, with the same answers. A request relayed by another instance
 * ({@code relayed}) is served only by the home, which answers {@code not-home} when the space
 * moved: the relaying instance then looks the home up again and retries.
 */
public final class TupleSpace {

    private static final int ATTEMPTS = 3;

    private final SpaceHomes homes;

    private final TupleStore store;

    private final Waiters waiters;

    private final Clock clock;

    private final Duration maxLease;

    TupleSpace(SpaceHomes homes, TupleStore store, Waiters waiters, Clock clock, Duration maxLease) {
        this.homes = homes;
        this.store = store;
        this.waiters = waiters;
        this.clock = clock;
        this.maxLease = maxLease;
    }

    /** Writes a tuple that expires after {@code lease} ({@code null}: never; cut to the longest lease allowed); completes with its id. */
    public CompletableFuture<Long> write(String space, Tuple tuple, @Nullable Duration lease, boolean relayed) {
        Duration granted = lease;
        if (!this.maxLease.isZero() && (granted == null || granted.compareTo(this.maxLease) > 0)) {
            granted = this.maxLease;
        }
        long expiresAt = granted == null ? 0 : this.clock.millis() + Math.max(1, granted.toMillis());
        Duration relayedLease = granted;
        int bytes = tuple.toJson().toString().getBytes(StandardCharsets.UTF_8).length;
        return call(space, relayed, home -> home.write(tuple, expiresAt, bytes), link -> {
            ObjectNode request = link.request("write", space);
            request.set("tuple", tuple.toJson());
            if (relayedLease != null) {
                request.put("lease", Math.max(1, relayedLease.toMillis()));
            }
            return request;
        }, answer -> answer.get("tupleId").asLong());
    }

    /** The oldest matching tuple, left in place; waits at most {@code timeout} (zero: the probe; {@code null}: until cancelled). */
    public Wait read(String space, Template template, @Nullable Duration timeout, boolean relayed) {
        return waitFor("read", space, template, timeout, relayed);
    }

    /** Takes the oldest matching tuple; waits at most {@code timeout} (zero: the probe; {@code null}: until cancelled). */
    public Wait take(String space, Template template, @Nullable Duration timeout, boolean relayed) {
        return waitFor("take", space, template, timeout, relayed);
    }

    /** The oldest {@code limit} matching tuples. */
    public CompletableFuture<List<Tuple>> readAll(String space, Template template, int limit, boolean relayed) {
        return call(space, relayed, home -> CompletableFuture.completedFuture(home.readAll(template, limit)), link -> {
            ObjectNode request = link.request("readAll", space);
            request.set("template", template.toJson());
            return request;
        }, answer -> {
            List<Tuple> tuples = new ArrayList<>();
            answer.get("tuples").forEach(tuple -> tuples.add(tuple(tuple)));
            return tuples;
        });
    }

    /** Every matching write from now on goes to {@code listener}, in write order, one at a time. */
    public Subscription subscribe(String space, Template template, NotifyListener listener, boolean relayed) {
        for (int attempt = 1;; attempt++) {
            Home home = home(space, relayed);
            try {
                return switch (home) {
                    case Local local -> local.space().subscribe(template, listener);
                    case Remote remote -> subscribeRemote(remote.link(), space, template, listener);
                };
            }
            catch (HomedSpace.SpaceMoved | NotHome moved) {
                this.homes.forget(space, home);
                if (attempt == ATTEMPTS) {
                    throw unavailable(space);
                }
            }
        }
    }

    /** Live stored tuples per space, over all instances. */
    public Map<String, Long> countsBySpace() {
        return this.store.countsBySpace();
    }

    public int waitingReaders() {
        return this.waiters.count(Waiters.Kind.READER);
    }

    public int waitingTakers() {
        return this.waiters.count(Waiters.Kind.TAKER);
    }

    public int subscriptions() {
        return this.waiters.count(Waiters.Kind.SUBSCRIBER);
    }

    /** The spaces this instance serves from memory now. */
    public int homedSpaces() {
        return this.homes.local().size();
    }

    private Wait waitFor(String op, String space, Template template, @Nullable Duration timeout, boolean relayed) {
        boolean take = op.equals("take");
        for (int attempt = 1;; attempt++) {
            Home home = home(space, relayed);
            try {
                return switch (home) {
                    case Local local -> take ? local.space().take(template, timeout) : local.space().read(template, timeout);
                    case Remote remote -> new RelayedWait(remote, op, space, template, timeout);
                };
            }
            catch (HomedSpace.SpaceMoved moved) {
                this.homes.forget(space, home);
                if (attempt == ATTEMPTS) {
                    throw unavailable(space);
                }
            }
        }
    }

    private <T> CompletableFuture<T> call(String space, boolean relayed, Function<HomedSpace, CompletableFuture<T>> local,
            Function<PeerLink, ObjectNode> request, Function<JsonNode, T> answer) {
        return call(space, relayed, local, request, answer, 1);
    }

    private <T> CompletableFuture<T> call(String space, boolean relayed, Function<HomedSpace, CompletableFuture<T>> local,
            Function<PeerLink, ObjectNode> request, Function<JsonNode, T> answer, int attempt) {
        Home home = home(space, relayed);
        try {
            return switch (home) {
                case Local l -> local.apply(l.space());
                case Remote remote -> remote.link().call(request.apply(remote.link())).thenApply(answer).exceptionallyCompose(error -> {
                    if (cause(error) instanceof Refusal refusal && refusal.reason() == Reason.NOT_HOME && attempt < ATTEMPTS) {
                        this.homes.forget(space, home);
                        return call(space, relayed, local, request, answer, attempt + 1);
                    }
                    return CompletableFuture.failedFuture(cause(error));
                });
            };
        }
        catch (HomedSpace.SpaceMoved moved) {
            this.homes.forget(space, home);
            if (attempt >= ATTEMPTS) {
                throw unavailable(space);
            }
            return call(space, relayed, local, request, answer, attempt + 1);
        }
    }

    private Home home(String space, boolean relayed) {
        Home home = this.homes.resolve(space);
        if (home instanceof Local && !this.homes.aliveNow()) {
            throw new Refusal(Reason.UNAVAILABLE, "This instance cannot reach the database; retry, or use another instance");
        }
        if (relayed && home instanceof Remote) {
            throw new Refusal(Reason.NOT_HOME, "Space " + space + " is served by another instance");
        }
        return home;
    }

    private Subscription subscribeRemote(PeerLink link, String space, Template template, NotifyListener listener) {
        ObjectNode request = link.request("notify", space);
        request.set("template", template.toJson());
        String id = request.get("id").asString();
        this.waiters.reserve(Waiters.Kind.SUBSCRIBER);
        boolean[] ended = { false };
        Runnable release = () -> {
            synchronized (ended) {
                if (ended[0]) {
                    return;
                }
                ended[0] = true;
            }
            this.waiters.release(Waiters.Kind.SUBSCRIBER);
        };
        link.listen(id, frame -> {
            if (frame.has("event")) {
                listener.write(tuple(frame.get("tuple")));
            }
            else if (frame.has("error")) {
                release.run();
                listener.ended(new Refusal(Reason.UNAVAILABLE, frame.path("message").asString("The subscription ended")));
            }
        });
        try {
            link.call(request).join();
        }
        catch (CompletionException ex) {
            link.cancel(id);
            release.run();
            if (cause(ex) instanceof Refusal refusal) {
                if (refusal.reason() == Reason.NOT_HOME) {
                    throw new NotHome();
                }
                throw refusal;
            }
            throw unavailable(space);
        }
        return () -> {
            link.cancel(id);
            release.run();
        };
    }

    private static Tuple tuple(JsonNode array) {
        List<JsonNode> fields = new ArrayList<>(array.size());
        array.forEach(fields::add);
        return new Tuple(fields);
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static Refusal unavailable(String space) {
        return new Refusal(Reason.UNAVAILABLE, "Space " + space + " is moving between instances; retry");
    }

    private static final class NotHome extends RuntimeException {

        NotHome() {
            super(null, null, false, false);
        }
    }

    /**
     * A read or take relayed to the space's home: the home holds the wait; cancelling it here
     * cancels it there. If the home answers {@code not-home}, the wait moves to the new home.
     */
    private final class RelayedWait implements Wait {

        private final CompletableFuture<Optional<Tuple>> result = new CompletableFuture<>();

        private final String op;

        private final String space;

        private final Template template;

        private final @Nullable Duration timeout;

        private volatile @Nullable Runnable cancel;

        private volatile boolean cancelled;

        private boolean released;

        RelayedWait(Remote home, String op, String space, Template template, @Nullable Duration timeout) {
            this.op = op;
            this.space = space;
            this.template = template;
            this.timeout = timeout;
            boolean blocks = timeout == null || !timeout.isZero();
            if (blocks) {
                TupleSpace.this.waiters.reserve(op.equals("take") ? Waiters.Kind.TAKER : Waiters.Kind.READER);
                this.result.whenComplete((tuple, error) -> release());
            }
            else {
                this.released = true;
            }
            send(home, 1);
        }

        private void send(Remote home, int attempt) {
            PeerLink link = home.link();
            ObjectNode request = link.request(this.op, this.space);
            request.set("template", this.template.toJson());
            if (this.timeout != null) {
                request.put("timeout", this.timeout.toMillis());
            }
            String id = request.get("id").asString();
            this.cancel = () -> link.cancel(id);
            link.call(request).whenComplete((answer, error) -> {
                if (error == null) {
                    JsonNode tuple = answer.get("tuple");
                    this.result.complete(tuple == null || tuple.isNull() ? Optional.empty() : Optional.of(tuple(tuple)));
                    return;
                }
                Throwable why = cause(error);
                if (why instanceof Refusal refusal && refusal.reason() == Reason.NOT_HOME && attempt < ATTEMPTS && !this.cancelled) {
                    TupleSpace.this.homes.forget(this.space, home);
                    retry(attempt + 1);
                }
                else {
                    this.result.completeExceptionally(why);
                }
            });
        }

        private void retry(int attempt) {
            try {
                Home home = home(this.space, false);
                switch (home) {
                    case Remote remote -> send(remote, attempt);
                    case Local local -> {
                        Wait wait = this.op.equals("take") ? local.space().take(this.template, this.timeout)
                                : local.space().read(this.template, this.timeout);
                        this.cancel = wait::cancel;
                        wait.result().whenComplete((tuple, error) -> {
                            if (error != null) {
                                this.result.completeExceptionally(cause(error));
                            }
                            else {
                                this.result.complete(tuple);
                            }
                        });
                    }
                }
            }
            catch (RuntimeException ex) {
                this.result.completeExceptionally(ex);
            }
        }

        private void release() {
            synchronized (this) {
                if (this.released) {
                    return;
                }
                this.released = true;
            }
            TupleSpace.this.waiters.release(this.op.equals("take") ? Waiters.Kind.TAKER : Waiters.Kind.READER);
        }

        @Override
        public CompletableFuture<Optional<Tuple>> result() {
            return this.result;
        }

        @Override
        public void cancel() {
            this.cancelled = true;
            Runnable cancelling = this.cancel;
            if (cancelling != null) {
                cancelling.run();
            }
        }
    }
}
