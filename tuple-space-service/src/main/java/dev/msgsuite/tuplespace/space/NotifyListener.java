package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.tuples.Refusal;
import dev.msgsuite.tuplespace.tuples.Tuple;

/** Where the events of a notify subscription go, one at a time, in write order. */
public interface NotifyListener {

    void write(Tuple tuple);

    /** The subscription ended before it was cancelled (its space moved to another instance, or this one stops). */
    void ended(Refusal why);
}
