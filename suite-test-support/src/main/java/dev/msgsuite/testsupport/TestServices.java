package dev.msgsuite.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Decides, once per test JVM, where integration tests get their brokers and databases.
 * {@code SUITE_TEST_SERVICES=docker} or {@code local} forces a source; the default,
 * {@code auto}, uses Testcontainers when a Docker engine answers and local services otherwise.
 */
public final class TestServices {

    private static final Logger log = LoggerFactory.getLogger(TestServices.class);

    private static volatile Boolean docker;

    private TestServices() {
    }

    /** Whether brokers and databases come from Testcontainers. */
    public static boolean fromDocker() {
        Boolean decided = docker;
        if (decided == null) {
            synchronized (TestServices.class) {
                decided = docker;
                if (decided == null) {
                    decided = decide();
                    docker = decided;
                }
            }
        }
        return decided;
    }

    private static boolean decide() {
        return decide(setting("SUITE_TEST_SERVICES", "auto"), () -> DockerClientFactory.instance().isDockerAvailable());
    }

    static boolean decide(String setting, BooleanSupplier dockerAvailable) {
        String choice = setting.toLowerCase(Locale.ROOT);
        boolean useDocker = switch (choice) {
            case "docker" -> true;
            case "local" -> false;
            case "auto" -> dockerAvailable.getAsBoolean();
            default -> throw new IllegalStateException(
                    "SUITE_TEST_SERVICES must be docker, local or auto, not '" + choice + "'");
        };
        log.info("Integration tests use {} (SUITE_TEST_SERVICES={})",
                useDocker ? "Testcontainers on the Docker engine" : "local services", choice);
        return useDocker;
    }

    /** An environment variable or system property of the same name, else the default. */
    static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Fails with a message naming what is missing and how to provide it when nothing
     * listens at the address.
     */
    static void requireListening(String what, String host, int port, String howToStart) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        }
        catch (IOException ex) {
            throw new IllegalStateException("No Docker engine found and no " + what + " at " + host + ":" + port
                    + " (" + ex.getMessage() + "). Start a Docker engine for Testcontainers, or " + howToStart, ex);
        }
    }
}
