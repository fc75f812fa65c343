package dev.msgsuite.skillbus.client;

/** The bus refused a request ({@link #code()} is the protocol's error code), or the connection is gone. */
public class SkillBusException extends RuntimeException {

    /** Code used when the request never got a reply because the connection was lost. */
    public static final String DISCONNECTED = "disconnected";

    private final String code;

    public SkillBusException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** The protocol error code, e.g. {@code invalid-skill}, {@code forbidden}, or {@link #DISCONNECTED}. */
    public String code() {
        return this.code;
    }
}
