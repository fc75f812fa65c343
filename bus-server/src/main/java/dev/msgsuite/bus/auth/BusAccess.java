package dev.msgsuite.bus.auth;

/**
 * How closed the bus is, decided once at start-up. With skill-bus tokens
 * ({@code skillbus.auth.tokens}) every websocket handshake needs one; with suite users or API
 * tokens ({@code suite.security.*}) the status page and {@code /api} need a viewer. With neither
 * the bus runs open, for local development: anyone may publish and subscribe {@code #} and read
 * {@code /api}.
 *
 * @param tokens whether skill-bus tokens are configured
 * @param httpCredentials whether suite users or API tokens are configured
 */
public record BusAccess(boolean tokens, boolean httpCredentials) {

    /** Local-development mode: nothing configured, everything allowed to everyone. */
    public boolean open() {
        return !this.tokens && !this.httpCredentials;
    }

    /** Whether a websocket handshake needs no token (grants {@code #} to everyone). */
    public boolean websocketOpen() {
        return !this.tokens;
    }

    /** Whether the status page and {@code /api} need no credentials. */
    public boolean httpOpen() {
        return open();
    }

    /** {@code open}, {@code open-websocket} (HTTP closed) or {@code closed}, as health shows it. */
    public String mode() {
        return open() ? "open" : websocketOpen() ? "open-websocket" : "closed";
    }

    /** The one start-up line saying what is open, or {@code null} when nothing is. */
    String openWarning() {
        if (open()) {
            return "The skill bus is OPEN (local development): without skillbus.auth.tokens and suite.security users or tokens "
                    + "anyone may publish and subscribe '#' and read /api and the status page; set skillbus.auth.tokens "
                    + "(SKILLBUS_AUTH_TOKENS_0_*) and suite.security.users (SUITE_SECURITY_USERS_0_*) to close it";
        }
        if (websocketOpen()) {
            return "The skill bus is OPEN: without skillbus.auth.tokens anyone who reaches the websocket may publish and "
                    + "subscribe '#'; set skillbus.auth.tokens (SKILLBUS_AUTH_TOKENS_0_*) to close it";
        }
        return null;
    }
}
