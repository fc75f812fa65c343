package dev.msgsuite.tuplespace;

import dev.msgsuite.testsupport.ActuatorContract;
import dev.msgsuite.testsupport.PostgresTestDatabase;
import dev.msgsuite.testsupport.TestCredentials;
import java.util.Set;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

// the same configuration as TupleSpaceContext, so both share one application context
@Import({ PostgresTestDatabase.class, SecondInstance.Configuration.class })
class TupleSpaceServiceActuatorTests extends ActuatorContract {

    @Override
    protected Set<String> readinessDependencies() {
        return Set.of("db", "databaseMigration", "clusterMembership");
    }

    /** A write and a read, so that the per-operation counters and the per-space gauge exist. */
    @Override
    protected void dashboardTraffic() throws Exception {
        super.dashboardTraffic();
        this.http.post().uri("/api/spaces/t-dashboard/tuples").header(HttpHeaders.AUTHORIZATION, TestCredentials.Role.OPERATOR.basic())
                .contentType(MediaType.APPLICATION_JSON).body("{\"tuple\": [\"dashboard\", 1]}").exchange().expectStatus().isCreated();
        this.http.post().uri("/api/spaces/t-dashboard/read").header(HttpHeaders.AUTHORIZATION, TestCredentials.Role.VIEWER.basic())
                .contentType(MediaType.APPLICATION_JSON).body("{\"template\": [\"dashboard\", null]}").exchange().expectStatus().isOk();
    }
}
