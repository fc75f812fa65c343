package dev.msgsuite.testsupport;

import org.springframework.core.env.Environment;
import org.springframework.test.web.servlet.client.RestTestClient;

/** A client of a running test application's management port, where the actuator answers. */
public final class ManagementPort {

    private ManagementPort() {
    }

    /** A client of {@code local.management.port}. */
    public static RestTestClient client(Environment environment) {
        return RestTestClient.bindToServer()
                .baseUrl("http://localhost:" + environment.getRequiredProperty("local.management.port"))
                .build();
    }
}
