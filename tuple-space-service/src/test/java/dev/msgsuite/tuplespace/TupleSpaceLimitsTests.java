package dev.msgsuite.tuplespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msgsuite.testsupport.PostgresTestDatabase;
import dev.msgsuite.testsupport.TestCredentials.Role;
import dev.msgsuite.tuplespace.client.Space;
import dev.msgsuite.tuplespace.client.TupleSpaceClient;
import dev.msgsuite.tuplespace.client.TupleSpaceException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import dev.msgsuite.tuplespace.space.TupleSpace;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The instance-wide limits, tiny so they are reached: spaces, waiters and connections refused with a reason. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "tuplespace.limits.max-spaces=2",
        "tuplespace.limits.max-waiters=3", "tuplespace.limits.max-connections=2" })
@Import(PostgresTestDatabase.class)
class TupleSpaceLimitsTests {

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private TupleSpace tupleSpace;

    @Test
    void spacesWaitersAndConnectionsBeyondTheLimitsAreRefused() throws Exception {
        URI uri = URI.create("ws://localhost:" + this.port + "/ws");
        try (TupleSpaceClient client = TupleSpaceClient.connectWithToken(uri, Role.ADMIN.token());
                TupleSpaceClient second = TupleSpaceClient.connectWithToken(uri, Role.ADMIN.token())) {
            client.space("t-one").write(List.of(1));
            client.space("t-two").write(List.of(2));
            assertThatThrownBy(() -> client.space("t-three").write(List.of(3))).isInstanceOfSatisfying(TupleSpaceException.class,
                    refused -> assertThat(refused.code()).isEqualTo("too-many-spaces"));
            client.space("t-one").write(List.of(4));

            Space space = client.space("t-one");
            for (int i = 0; i < 3; i++) {
                space.takeAsync(List.of("never", i), Duration.ofSeconds(30));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.tupleSpace.waitingTakers() == 3);
            assertThatThrownBy(() -> second.space("t-two").take(List.of("never"), Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(TupleSpaceException.class, refused -> assertThat(refused.code()).isEqualTo("too-many-waiters"));

            assertThatThrownBy(() -> TupleSpaceClient.connectWithToken(uri, Role.ADMIN.token()).space("t-one").readProbe(List.of(1)))
                    .isInstanceOf(TupleSpaceException.class).hasMessageContaining("1013");
        }
    }
}
