package dev.msgsuite.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The users and API tokens every service's tests run with: one user and one token per role
 * (viewer, operator, admin), added as the lowest-priority property source of every test
 * application (this module is on test classpaths only). A test that wants other credentials,
 * or none, sets {@code suite.security.*} itself, or {@code suite.test.credentials=false}.
 */
public final class TestCredentials implements EnvironmentPostProcessor, Ordered {

    /** The roles, as the services name them. */
    public enum Role {
        VIEWER, OPERATOR, ADMIN;

        /** The user's name, and its password's prefix. */
        public String user() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String password() {
            return user() + "-password-for-tests";
        }

        public String token() {
            return user() + "-token-for-tests-0123456789";
        }

        /** {@code Authorization} header value for HTTP Basic as this role's user. */
        public String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((user() + ":" + password()).getBytes(StandardCharsets.UTF_8));
        }

        /** {@code Authorization} header value for this role's API token. */
        public String bearer() {
            return "Bearer " + token();
        }
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("suite.test.credentials", Boolean.class, true)) {
            return;
        }
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);   // cheap: tests log in often
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            int i = role.ordinal();
            properties.put("suite.security.users[" + i + "].name", role.user());
            properties.put("suite.security.users[" + i + "].password", bcrypt.encode(role.password()));
            properties.put("suite.security.users[" + i + "].roles", role.name());
            properties.put("suite.security.tokens[" + i + "].name", role.user() + "-token");
            properties.put("suite.security.tokens[" + i + "].sha256", sha256(role.token()));
            properties.put("suite.security.tokens[" + i + "].roles", role.name());
        }
        environment.getPropertySources().addLast(new MapPropertySource("suiteTestCredentials", properties));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The hex SHA-256 of a token, as {@code suite.security.tokens[n].sha256} expects it. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
