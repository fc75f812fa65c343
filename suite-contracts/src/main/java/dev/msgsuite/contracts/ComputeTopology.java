package dev.msgsuite.contracts;

import static dev.msgsuite.contracts.ComputeMessaging.COMMANDS_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.REPLIES_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

/**
 * The durable exchanges and queues of the compute pipeline. saver-service and compute-node both
 * declare them, with the same arguments, so whichever starts first creates them and neither
 * fails on a mismatch.
 */
public final class ComputeTopology {

    private ComputeTopology() {
    }

    public static Declarables shared() {
        FanoutExchange deadLetters = new FanoutExchange(DEAD_LETTER_EXCHANGE, true, false);
        Queue deadLetterQueue = QueueBuilder.durable(DEAD_LETTER_QUEUE).build();
        return new Declarables(new FanoutExchange(COMMANDS_EXCHANGE, true, false),
                new DirectExchange(REPLIES_EXCHANGE, true, false), deadLetters, deadLetterQueue,
                BindingBuilder.bind(deadLetterQueue).to(deadLetters),
                QueueBuilder.durable(JOBS_QUEUE).deadLetterExchange(DEAD_LETTER_EXCHANGE).build(),
                QueueBuilder.durable(RESULTS_QUEUE).deadLetterExchange(DEAD_LETTER_EXCHANGE).build());
    }
}
