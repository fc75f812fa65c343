package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.tuples.Tuple;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A read or take: its result completes with the tuple, or empty when the timeout passed or the
 * wait was cancelled. No thread waits for it.
 */
public interface Wait {

    CompletableFuture<Optional<Tuple>> result();

    /**
     * Stops waiting (the client left or asked). A take cancelled just as a write handed it a
     * tuple still completes with it; if no one takes that result, the tuple goes back into the space.
     */
    void cancel();

    static Wait done(Optional<Tuple> tuple) {
        return new Pending(CompletableFuture.completedFuture(tuple), () -> {
        });
    }

    /** A result already on its way, and what cancelling it does. */
    record Pending(CompletableFuture<Optional<Tuple>> result, Runnable onCancel) implements Wait {

        @Override
        public void cancel() {
            this.onCancel.run();
        }
    }
}
