package dev.trustpipe.ingest.support;

import dev.trustpipe.ingest.IngestServiceApplication;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real ingest-service (the Spring Boot application, as {@code java -jar} would) on a
 * free port against a real Kafka broker; closing it stops it like SIGTERM does.
 */
public final class IngestServiceRunner implements AutoCloseable {
  /** The shared secret the tests configure: the one the Distribution captures carry. */
  public static final String SECRET = "s3cret";

  private final ConfigurableApplicationContext context;

  private IngestServiceRunner(ConfigurableApplicationContext context) {
    this.context = context;
  }

  public static IngestServiceRunner start(
      String kafkaBootstrap, Path home, Map<String, Object> extra) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("trustpipe.home", home.toString());
    properties.put("server.port", 0);
    properties.put("spring.kafka.bootstrap-servers", kafkaBootstrap);
    properties.put("trustpipe.kafka.partitions", EmbeddedKafka.PARTITIONS);
    properties.put("trustpipe.ingest.shared-secret", SECRET);
    properties.put("trustpipe.ingest.registry-aliases", "127.0.0.1:5000=localhost:5000");
    properties.putAll(extra);
    // command-line arguments outrank ingest-service.yaml, as the environment does in production
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new IngestServiceRunner(IngestServiceApplication.builder().run(args));
  }

  public int port() {
    return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
  }
}
