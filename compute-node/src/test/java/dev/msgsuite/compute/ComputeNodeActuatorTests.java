package dev.msgsuite.compute;

import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;

import dev.msgsuite.testsupport.ActuatorContract;
import dev.msgsuite.testsupport.RabbitTestBroker;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

@Import(RabbitTestBroker.class)
class ComputeNodeActuatorTests extends ActuatorContract {

    @Autowired
    private RabbitTemplate rabbit;

    @Override
    protected Set<String> readinessDependencies() {
        return Set.of("rabbit");
    }

    /** A malformed job batch: taken, dead-lettered and acknowledged, as the dashboard shows them. */
    @Override
    protected void dashboardTraffic() throws Exception {
        super.dashboardTraffic();
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_BYTES);
        this.rabbit.send("", JOBS_QUEUE, new Message("not a job batch".getBytes(StandardCharsets.UTF_8), properties));
    }
}
