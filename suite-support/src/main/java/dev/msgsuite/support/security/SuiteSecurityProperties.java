package dev.msgsuite.support.security;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use a service's HTTP API and pages: users (for browsers and HTTP Basic) and API
 * tokens (for scripts, {@code Authorization: Bearer}). Set them through the environment, e.g.
 * {@code SUITE_SECURITY_USERS_0_NAME}, {@code SUITE_SECURITY_USERS_0_PASSWORD} (a bcrypt
 * hash), {@code SUITE_SECURITY_USERS_0_ROLES=admin}; {@code scripts/create-credentials.sh}
 * makes them.
 *
 * @param users login users
 * @param tokens API tokens
 * @param required whether the service refuses to start without any user or token (outside
 * the {@code local} profile); false only where nothing but probes and the actuator is served
 * (talker-service, compute-node: health details stay hidden) or where running open is a
 * logged local-development mode (bus-server)
 */
@ConfigurationProperties("suite.security")
public record SuiteSecurityProperties(@DefaultValue List<User> users, @DefaultValue List<ApiToken> tokens,
        @DefaultValue("true") boolean required) {

    /**
     * A login user.
     *
     * @param name the login name
     * @param password a bcrypt hash ({@code $2a$…}, {@code $2b$…}, {@code $2y$…}, optionally
     * prefixed {@code {bcrypt}}); a plain password is refused
     * @param roles what the user may do
     */
    public record User(@Nullable String name, @Nullable String password, @DefaultValue Set<SuiteRole> roles) {
    }

    /**
     * An API token, sent as {@code Authorization: Bearer <token>}.
     *
     * @param name who the token belongs to (shown as the principal)
     * @param sha256 the SHA-256 of the token, in hex; the token itself is never configured
     * @param roles what the token may do
     */
    public record ApiToken(@Nullable String name, @Nullable String sha256, @DefaultValue Set<SuiteRole> roles) {
    }
}
