package dev.msgsuite.tuplespace.space;

/** A notify subscription: matching writes go to its listener until it is cancelled. */
public interface Subscription {

    void cancel();
}
