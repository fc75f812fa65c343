package dev.msgsuite.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The users and API tokens of one service, checked once at start-up: every password a bcrypt
 * hash that is not a sample password, every token a SHA-256. Outside the {@code local}
 * profile a service without any user or token refuses to start (unless it may run open, as
 * the skill bus may) and says which variables to set; with it, an {@code admin} user with a
 * generated password is created and the password logged, as Spring Boot does.
 */
public final class SuiteCredentials {

    /** The profile in which a service may start without configured credentials. */
    public static final String LOCAL_PROFILE = "local";

    private static final Logger log = LoggerFactory.getLogger(SuiteCredentials.class);

    private static final Pattern BCRYPT = Pattern.compile("\\A(\\{bcrypt})?\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}\\z");

    private static final Pattern SHA256 = Pattern.compile("\\A[0-9a-fA-F]{64}\\z");

    /** Passwords found in examples and tutorials; a hash of one of them is refused. */
    static final List<String> SAMPLE_PASSWORDS = List.of("", "password", "admin", "changeme", "change-me", "secret", "suite");

    private final List<UserDetails> users;

    private final List<Token> tokens;

    private final PasswordEncoder passwordEncoder;

    private final boolean open;

    private SuiteCredentials(List<UserDetails> users, List<Token> tokens, PasswordEncoder passwordEncoder, boolean open) {
        this.users = List.copyOf(users);
        this.tokens = List.copyOf(tokens);
        this.passwordEncoder = passwordEncoder;
        this.open = open;
    }

    /**
     * Checks the configured credentials and builds them.
     *
     * @param properties what is configured
     * @param application the service's name, for messages
     * @param localProfile whether the {@code local} profile is active
     * @param mayRunOpen whether the service works without any credentials (it then logs that
     * it is open); otherwise it refuses to start outside the local profile
     * @throws InvalidCredentialsException naming each variable to set or fix
     */
    public static SuiteCredentials load(SuiteSecurityProperties properties, String application, boolean localProfile,
            boolean mayRunOpen) {
        PasswordEncoder encoder = passwordEncoder();
        List<String> problems = new ArrayList<>();
        List<UserDetails> users = new ArrayList<>();
        for (int i = 0; i < properties.users().size(); i++) {
            SuiteSecurityProperties.User user = properties.users().get(i);
            String prefix = "SUITE_SECURITY_USERS_" + i + "_";
            String name = user.name();
            String hash = user.password();
            if (name == null || name.isBlank()) {
                problems.add(prefix + "NAME is empty");
                continue;
            }
            if (user.roles().isEmpty()) {
                problems.add(prefix + "ROLES is empty (user '" + name + "'): give viewer, operator or admin");
            }
            if (hash == null || hash.isBlank()) {
                problems.add(prefix + "PASSWORD is empty (user '" + name + "')");
                continue;
            }
            boolean noop = hash.startsWith("{noop}");
            if (!BCRYPT.matcher(hash).matches() && !(noop && localProfile)) {
                problems.add(prefix + "PASSWORD (user '" + name + "') is not a bcrypt hash: make one with scripts/create-credentials.sh");
                continue;
            }
            if (!localProfile && isSample(encoder, name, hash)) {
                problems.add(prefix + "PASSWORD (user '" + name + "') is a sample password: choose another");
                continue;
            }
            users.add(User.withUsername(name).password(hash).authorities(authorities(user.roles())).build());
        }
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < properties.tokens().size(); i++) {
            SuiteSecurityProperties.ApiToken token = properties.tokens().get(i);
            String prefix = "SUITE_SECURITY_TOKENS_" + i + "_";
            if (token.name() == null || token.name().isBlank()) {
                problems.add(prefix + "NAME is empty");
                continue;
            }
            if (token.sha256() == null || !SHA256.matcher(token.sha256()).matches()) {
                problems.add(prefix + "SHA256 (token '" + token.name() + "') is not the 64 hex digits of a SHA-256");
                continue;
            }
            if (token.roles().isEmpty()) {
                problems.add(prefix + "ROLES is empty (token '" + token.name() + "')");
                continue;
            }
            byte[] digest = HexFormat.of().parseHex(token.sha256().toLowerCase(Locale.ROOT));
            if (!localProfile && SAMPLE_PASSWORDS.stream().anyMatch(sample -> MessageDigest.isEqual(sha256(sample), digest))) {
                problems.add(prefix + "SHA256 (token '" + token.name() + "') is the hash of a sample token: choose another");
                continue;
            }
            tokens.add(new Token(token.name(), digest, token.roles()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidCredentialsException(application + " cannot start, its credentials are wrong: " + String.join("; ", problems));
        }
        if (users.isEmpty() && tokens.isEmpty()) {
            if (mayRunOpen) {
                return new SuiteCredentials(users, tokens, encoder, true);
            }
            if (!localProfile) {
                throw new InvalidCredentialsException(application + " cannot start without credentials: set SUITE_SECURITY_USERS_0_NAME, "
                        + "SUITE_SECURITY_USERS_0_PASSWORD (a bcrypt hash) and SUITE_SECURITY_USERS_0_ROLES (viewer, operator or admin), "
                        + "or SUITE_SECURITY_TOKENS_0_*; scripts/create-credentials.sh makes them (docs/security.md). "
                        + "For local development only, start with the '" + LOCAL_PROFILE + "' profile instead.");
            }
            String password = generatedPassword();
            log.warn("{} runs with the '{}' profile and no configured users: log in as 'admin' with the generated password {} "
                    + "(for local development only; set SUITE_SECURITY_USERS_* for anything else)", application, LOCAL_PROFILE, password);
            users.add(User.withUsername("admin").password(encoder.encode(password)).authorities(authorities(Set.of(SuiteRole.ADMIN))).build());
        }
        return new SuiteCredentials(users, tokens, encoder, false);
    }

    /** Bcrypt for new hashes; also matches hashes written without the {@code {bcrypt}} prefix. */
    static PasswordEncoder passwordEncoder() {
        DelegatingPasswordEncoder encoder = (DelegatingPasswordEncoder) PasswordEncoderFactories.createDelegatingPasswordEncoder();
        encoder.setDefaultPasswordEncoderForMatches(new BCryptPasswordEncoder());
        return encoder;
    }

    /** Whether no user and no token is configured and the service runs open (the skill bus only). */
    public boolean open() {
        return this.open;
    }

    /** Bcrypt for new hashes and for hashes without an {@code {id}} prefix. */
    public PasswordEncoder encoder() {
        return this.passwordEncoder;
    }

    /** The login users, for an {@code InMemoryUserDetailsManager}. */
    public InMemoryUserDetailsManager userDetailsService() {
        return new InMemoryUserDetailsManager(this.users);
    }

    /**
     * The authentication of an API token, compared in constant time with every configured one.
     *
     * @param presented the token as the client sent it
     */
    public Optional<Authentication> authenticateToken(String presented) {
        byte[] digest = sha256(presented);
        Token found = null;
        for (Token token : this.tokens) {
            if (MessageDigest.isEqual(token.sha256(), digest)) {
                found = token;
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        return Optional.of(UsernamePasswordAuthenticationToken.authenticated(found.name(), null, AuthorityUtils.createAuthorityList(
                found.roles().stream().map(SuiteRole::authority).toList())));
    }

    /** Whether any API token is configured. */
    public boolean hasTokens() {
        return !this.tokens.isEmpty();
    }

    private static boolean isSample(PasswordEncoder encoder, String name, String hash) {
        String encoded = hash.startsWith("{") ? hash : "{bcrypt}" + hash;
        if (encoder.matches(name, encoded)) {
            return true;
        }
        return SAMPLE_PASSWORDS.stream().anyMatch(sample -> encoder.matches(sample, encoded));
    }

    private static String[] authorities(Set<SuiteRole> roles) {
        return roles.stream().map(SuiteRole::authority).toArray(String[]::new);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String generatedPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private record Token(String name, byte[] sha256, Set<SuiteRole> roles) {
    }

    /** Thrown at start-up when credentials are missing or unsafe; the message says what to set. */
    public static final class InvalidCredentialsException extends IllegalStateException {

        InvalidCredentialsException(String message) {
            super(message);
        }
    }
}
