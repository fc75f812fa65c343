package dev.msgsuite.bus.routing;

/** A registration that would add a distinct pattern beyond the registry's bound. */
public class TooManyPatternsException extends IllegalStateException {

    public TooManyPatternsException(int limit) {
        super("the bus holds its maximum of " + limit + " distinct patterns");
    }
}
