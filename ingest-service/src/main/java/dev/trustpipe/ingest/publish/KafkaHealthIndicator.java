package dev.trustpipe.ingest.publish;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Whether Kafka answers: without it every webhook gets 503, so the service is not ready. Part of
 * the readiness group, never of liveness (restarting does not bring Kafka back).
 */
public final class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

  private final Admin admin;
  private final Duration timeout;

  public KafkaHealthIndicator(Map<String, Object> adminConfig, Duration timeout) {
    this.admin = Admin.create(adminConfig);
    this.timeout = timeout;
  }

  @Override
  public Health health() {
    try {
      var cluster =
          admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
      int nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Health.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down().withDetail("error", "interrupted").build();
    } catch (Exception e) {
      return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
    }
  }

  @Override
  public void destroy() {
    admin.close(Duration.ofSeconds(1));
  }
}
