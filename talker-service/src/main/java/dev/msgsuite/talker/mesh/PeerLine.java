package dev.msgsuite.talker.mesh;

import java.util.regex.Pattern;

/**
 * One line of the peer protocol: {@code <source>|<message-id>|<Observer>|<method>|<args>}, with a
 * leading {@code !} for a unicast (to one direct peer, never forwarded). The args keep any further
 * {@code |}: each observer splits its own.
 */
public record PeerLine(boolean unicast, String source, long messageId, String observer, String method, String args) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public static PeerLine parse(String line) {
        boolean unicast = line.startsWith("!");
        String body = unicast ? line.substring(1) : line;
        String[] parts = body.split("\\|", 5);
        if (parts.length < 4) {
            throw new MalformedPeerLineException("expected source|id|observer|method|args");
        }
        if (!ID.matcher(parts[0]).matches()) {
            throw new MalformedPeerLineException("bad source id");
        }
        long id;
        try {
            id = Long.parseLong(parts[1]);
        }
        catch (NumberFormatException ex) {
            throw new MalformedPeerLineException("bad message id");
        }
        if (id < 0) {
            throw new MalformedPeerLineException("negative message id");
        }
        if (!NAME.matcher(parts[2]).matches() || !NAME.matcher(parts[3]).matches()) {
            throw new MalformedPeerLineException("bad observer or method");
        }
        return new PeerLine(unicast, parts[0], id, parts[2], parts[3], parts.length == 5 ? parts[4] : "");
    }

    public String format() {
        return (this.unicast ? "!" : "") + this.source + "|" + this.messageId + "|" + this.observer + "|" + this.method
                + "|" + this.args;
    }

    /** Splits the args into exactly {@code count} fields, the last one keeping any {@code |}. */
    public String[] fields(int count) {
        String[] fields = this.args.split("\\|", count);
        if (fields.length < count) {
            throw new MalformedPeerLineException(this.observer + "|" + this.method + " needs " + count + " fields");
        }
        return fields;
    }

    /** A peer line that does not follow the protocol: dropped and counted, the link is kept. */
    public static final class MalformedPeerLineException extends RuntimeException {

        public MalformedPeerLineException(String message) {
            super(message);
        }
    }
}
