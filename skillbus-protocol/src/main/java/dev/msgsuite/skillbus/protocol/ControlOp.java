package dev.msgsuite.skillbus.protocol;

/**
 * The {@code op} of protocol v2's text frames. Requests carry a {@code ref} that the bus echoes
 * in its {@link #OK} or {@link #ERROR} reply; {@link #DROPPED} is the one notice sent unasked.
 */
public final class ControlOp {

    public static final String HELLO = "hello";

    public static final String REGISTER = "register";

    public static final String DEREGISTER = "deregister";

    public static final String PREFETCH = "prefetch";

    public static final String PULL = "pull";

    public static final String ACK = "ack";

    public static final String GET = "get";

    public static final String OK = "ok";

    public static final String ERROR = "error";

    public static final String DROPPED = "dropped";

    private ControlOp() {
    }
}
