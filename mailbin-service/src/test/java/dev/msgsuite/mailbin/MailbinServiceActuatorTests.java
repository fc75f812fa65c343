package dev.msgsuite.mailbin;

import dev.msgsuite.support.skillbus.RecordingBusEvents;
import dev.msgsuite.testsupport.ActuatorContract;
import dev.msgsuite.testsupport.KafkaTestBroker;
import dev.msgsuite.testsupport.PostgresTestDatabase;
import dev.msgsuite.testsupport.tracing.RecordedSpans;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

// the same configuration as MailbinContext, so both share one application context
@Import({ KafkaTestBroker.class, PostgresTestDatabase.class, RecordingBusEvents.class, RecordedSpans.Configuration.class })
class MailbinServiceActuatorTests extends ActuatorContract {

    @Override
    protected Set<String> readinessDependencies() {
        return Set.of("kafka", "db", "databaseMigration");
    }

    /** A form stored (intake, Kafka, store, database) and one refused, as the dashboard shows them. */
    @Override
    protected void dashboardTraffic() {
        String form = "dashboard-" + UUID.randomUUID().toString().substring(0, 8);
        this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", "198.19.0.1").contentType(MediaType.APPLICATION_JSON)
                .body("{\"message\": \"for the dashboard\"}").exchange().expectStatus().isAccepted();
        MultiValueMap<String, Object> withAFile = new LinkedMultiValueMap<>();
        withAFile.add("upload", new ByteArrayResource("data".getBytes()) {
            @Override
            public String getFilename() {
                return "a.txt";
            }
        });
        this.http.post().uri("/f/{form}", form).header("X-Forwarded-For", "198.19.0.2").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(withAFile).exchange().expectStatus().isEqualTo(422);
    }
}
