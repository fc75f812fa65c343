package dev.msgsuite.saver;

import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;

import dev.msgsuite.testsupport.ActuatorContract;
import dev.msgsuite.testsupport.PostgresTestDatabase;
import dev.msgsuite.testsupport.RabbitTestBroker;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

@Import({ RabbitTestBroker.class, PostgresTestDatabase.class })
class SaverServiceActuatorTests extends ActuatorContract {

    @Autowired
    private RabbitTemplate rabbit;

    @Override
    protected Set<String> readinessDependencies() {
        return Set.of("rabbit", "db", "databaseMigration");
    }

    /** A malformed result: taken in a result batch, refused and dead-lettered, as the dashboard shows them. */
    @Override
    protected void dashboardTraffic() throws Exception {
        super.dashboardTraffic();
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        this.rabbit.send("", RESULTS_QUEUE, new Message("{\"not\": \"a result\"}".getBytes(StandardCharsets.UTF_8), properties));
    }
}
