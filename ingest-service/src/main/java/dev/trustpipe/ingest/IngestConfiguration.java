package dev.trustpipe.ingest;

import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.ingest.adapter.AcrAdapter;
import dev.trustpipe.ingest.adapter.ArtifactoryAdapter;
import dev.trustpipe.ingest.adapter.DistributionAdapter;
import dev.trustpipe.ingest.adapter.DockerHubAdapter;
import dev.trustpipe.ingest.adapter.EcrAdapter;
import dev.trustpipe.ingest.adapter.GarAdapter;
import dev.trustpipe.ingest.adapter.GitHubAdapter;
import dev.trustpipe.ingest.adapter.HarborAdapter;
import dev.trustpipe.ingest.adapter.QuayAdapter;
import dev.trustpipe.ingest.adapter.WebhookAdapter;
import dev.trustpipe.ingest.publish.KafkaHealthIndicator;
import dev.trustpipe.ingest.publish.RegistryCloudEvents;
import dev.trustpipe.ingest.publish.RegistryEventPublisher;
import dev.trustpipe.ingest.publish.RegistryHostAliases;
import dev.trustpipe.ingest.web.WebhookController;
import dev.trustpipe.ingest.web.WebhookMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/** Wires adapters, sender authentication, normalisation and the Kafka producer. */
@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  EventCodec eventCodec() {
    return new EventCodec();
  }

  /** Every supported source; GitLab sends Distribution's envelope. */
  @Bean
  List<WebhookAdapter> webhookAdapters(Clock clock) {
    return List.of(
        new DistributionAdapter(DistributionAdapter.DISTRIBUTION),
        new DistributionAdapter(DistributionAdapter.GITLAB),
        new HarborAdapter(),
        new DockerHubAdapter(),
        new QuayAdapter(clock),
        new AcrAdapter(),
        new GitHubAdapter(clock),
        new ArtifactoryAdapter(clock),
        new EcrAdapter(),
        new GarAdapter());
  }

  @Bean
  WebhookSources webhookSources(List<WebhookAdapter> webhookAdapters, IngestProperties properties) {
    // stdout, not the log: the quick start tells the person at the terminal where the secret is
    return WebhookSources.configure(webhookAdapters, properties, System.out::println);
  }

  @Bean
  RegistryCloudEvents registryCloudEvents(IngestProperties properties, Clock clock) {
    return new RegistryCloudEvents(RegistryHostAliases.parse(properties.registryAliases()), clock);
  }

  /**
   * Bounds every wait of the producer by the delivery timeout, so a webhook with Kafka down is
   * answered 503 within about 1.5 times it: half for {@code max.block.ms} (metadata), the whole for
   * {@code delivery.timeout.ms} (acknowledgement, retries included).
   */
  @Bean
  DefaultKafkaProducerFactoryCustomizer boundedProducerWaits(IngestProperties properties) {
    long delivery = properties.deliveryTimeout().toMillis();
    return factory ->
        factory.updateConfigs(
            Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, delivery / 2,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (delivery / 2),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery));
  }

  @Bean
  RegistryEventPublisher registryEventPublisher(
      KafkaTemplate<String, byte[]> kafka, EventCodec codec, IngestProperties properties) {
    Duration delivery = properties.deliveryTimeout();
    return new RegistryEventPublisher(
        kafka, codec, delivery.plus(delivery.dividedBy(2)).plusMillis(500));
  }

  @Bean
  WebhookMetrics webhookMetrics(MeterRegistry registry) {
    return new WebhookMetrics(registry);
  }

  @Bean
  WebhookController webhookController(
      WebhookSources sources,
      RegistryCloudEvents cloudEvents,
      RegistryEventPublisher publisher,
      WebhookMetrics metrics,
      IngestProperties properties) {
    return new WebhookController(
        sources, cloudEvents, publisher, metrics, (int) properties.maxBodySize().toBytes());
  }

  /** Named {@code kafka} in /actuator/health and in the readiness group. */
  @Bean
  KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin, IngestProperties properties) {
    Map<String, Object> config = new java.util.HashMap<>(admin.getConfigurationProperties());
    int timeout = (int) Math.min(properties.deliveryTimeout().toMillis(), 2000);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    return new KafkaHealthIndicator(config, Duration.ofMillis(timeout));
  }

  /** The topic this service produces to, created with the signing-service's partition count. */
  @Bean
  NewTopic registryEventsTopic(@Value("${trustpipe.kafka.partitions:6}") int partitions) {
    return TopicBuilder.name(Topics.REGISTRY_EVENTS).partitions(partitions).build();
  }
}
