package dev.msgsuite.support;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Reports Kafka UP when the cluster answers a describe-cluster request within the timeout,
 * with the cluster id and broker count; DOWN with the reason otherwise. One admin client is
 * kept for the life of the service rather than one per check.
 */
final class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final KafkaAdmin kafkaAdmin;

    private final Duration timeout;

    private volatile Admin admin;

    KafkaHealthIndicator(KafkaAdmin kafkaAdmin, Duration timeout) {
        super("Kafka health check failed");
        this.kafkaAdmin = kafkaAdmin;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws InterruptedException, ExecutionException {
        DescribeClusterResult cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) this.timeout.toMillis()));
        try {
            String clusterId = cluster.clusterId().get(this.timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            Collection<Node> nodes = cluster.nodes().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
            builder.up().withDetail("clusterId", clusterId).withDetail("brokers", nodes.size());
        }
        catch (TimeoutException ex) {
            builder.down().withDetail("error", noAnswer("the client gave up"));
        }
        catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof org.apache.kafka.common.errors.TimeoutException timeout)) {
                throw ex;
            }
            builder.down().withDetail("error", noAnswer(timeout.getMessage()));
        }
    }

    private String noAnswer(String reason) {
        return "no answer from " + this.kafkaAdmin.getConfigurationProperties().get("bootstrap.servers")
                + " within " + this.timeout.toSeconds() + " s: " + reason;
    }

    private Admin admin() {
        Admin current = this.admin;
        if (current == null) {
            synchronized (this) {
                current = this.admin;
                if (current == null) {
                    current = Admin.create(this.kafkaAdmin.getConfigurationProperties());
                    this.admin = current;
                }
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        Admin current = this.admin;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}
