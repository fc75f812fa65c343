package dev.msgsuite.talker.commands;

import dev.msgsuite.talker.settings.TalkerProperties;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Where an operator may open peer links: {@code /peer-listen} binds only allowed addresses
 * (loopback unless configured), {@code /peer-connect} dials only configured peers or hosts
 * matching an allowed pattern, so the server is neither a port scanner nor an open door.
 */
public final class PeerPolicy {

    private final List<HostPattern> listenHosts;

    private final List<HostPattern> connectHosts;

    private final String listenHostsText;

    public PeerPolicy(List<String> allowedListenHosts, List<String> configuredPeers, List<String> allowedConnectHosts) {
        this.listenHosts = allowedListenHosts.stream().map(text -> HostPattern.parse(text, false)).toList();
        this.connectHosts = Stream.concat(
                configuredPeers.stream().map(text -> HostPattern.parse(text, true)),
                allowedConnectHosts.stream().map(text -> HostPattern.parse(text, true))).toList();
        this.listenHostsText = allowedListenHosts.isEmpty() ? "nowhere" : String.join(", ", allowedListenHosts);
    }

    public static PeerPolicy of(TalkerProperties.Peers peers) {
        return new PeerPolicy(peers.allowedListenHosts(), peers.connect(), peers.allowedConnectHosts());
    }

    /** Why {@code /peer-listen host port} is refused, or {@code null} when it is allowed. */
    public @Nullable String refuseListen(String host, int port) {
        if (this.listenHosts.stream().anyMatch(pattern -> pattern.matches(host, port))) {
            return null;
        }
        return "Refused: peers may only be accepted on " + this.listenHostsText
                + " (talker.peers.allowed-listen-hosts)";
    }

    /** Why {@code /peer-connect host port} is refused, or {@code null} when it is allowed. */
    public @Nullable String refuseConnect(String host, int port) {
        if (this.connectHosts.stream().anyMatch(pattern -> pattern.matches(host, port))) {
            return null;
        }
        return "Refused: " + host + ":" + port + " is not a configured peer (talker.peers.connect) "
                + "nor allowed by talker.peers.allowed-connect-hosts";
    }

    /** A host glob ({@code *} for any characters, case-insensitive), optionally with a port. */
    private record HostPattern(Pattern host, int port) {

        static HostPattern parse(String text, boolean mayHavePort) {
            String trimmed = text.strip();
            String host = trimmed;
            int port = -1;
            if (mayHavePort) {
                if (trimmed.startsWith("[") && trimmed.contains("]")) {
                    int close = trimmed.indexOf(']');
                    host = trimmed.substring(1, close);
                    String rest = trimmed.substring(close + 1);
                    if (rest.startsWith(":")) {
                        port = port(text, rest.substring(1));
                    }
                }
                else if (trimmed.indexOf(':') > 0 && trimmed.indexOf(':') == trimmed.lastIndexOf(':')) {
                    int colon = trimmed.indexOf(':');
                    host = trimmed.substring(0, colon);
                    port = port(text, trimmed.substring(colon + 1));
                }
            }
            String regex = Arrays.stream(canonical(host).split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*"));
            return new HostPattern(Pattern.compile(regex), port);
        }

        private static int port(String pattern, String text) {
            try {
                return Integer.parseInt(text);
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException("Peer host pattern '" + pattern + "' has no valid port after ':'");
            }
        }

        boolean matches(String candidate, int candidatePort) {
            return (this.port < 0 || this.port == candidatePort) && this.host.matcher(canonical(candidate)).matches();
        }
    }

    /** Lower case, brackets dropped, IP literals in one spelling ({@code 127.1} and {@code 0} are addresses too). */
    static String canonical(String host) {
        String bare = host.strip().toLowerCase(Locale.ROOT);
        if (bare.startsWith("[") && bare.endsWith("]")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        if (bare.contains("*")) {
            return bare;
        }
        try {
            return InetAddress.ofLiteral(bare).getHostAddress();
        }
        catch (IllegalArgumentException ex) {
            return bare;
        }
    }
}
