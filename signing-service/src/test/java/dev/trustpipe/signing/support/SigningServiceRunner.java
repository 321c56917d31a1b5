package dev.trustpipe.signing.support;

import dev.trustpipe.signing.SigningServiceApplication;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real signing-service (the Spring Boot application, as {@code java -jar} would) on real
 * Kafka and PostgreSQL; closing it stops it like SIGTERM does.
 */
public final class SigningServiceRunner implements AutoCloseable {
  private final ConfigurableApplicationContext context;

  private SigningServiceRunner(ConfigurableApplicationContext context) {
    this.context = context;
  }

  public static SigningServiceRunner start(
      EmbeddedKafka kafka, TestPostgres database, Path home, Map<String, Object> extra) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("trustpipe.home", home.toString());
    properties.put("trustpipe.notary.port", 0);
    properties.put("trustpipe.custody.pbkdf2-iterations", 10_000);
    properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
    properties.put("spring.datasource.url", database.jdbcUrl());
    properties.put("spring.datasource.username", database.user());
    properties.put("trustpipe.kafka.partitions", 3);
    // synthetic events name registries that do not exist; tests of registry confirmation turn it
    // back on through extra, with a real registry (support.TestRegistry)
    properties.put("trustpipe.registry.confirm", false);
    // ... and cannot take OCI signatures either; tests of the bridge turn it on through extra
    properties.put("trustpipe.oci.signatures", false);
    properties.putAll(extra);
    // command-line arguments outrank application.yaml, as the environment does in production
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SigningServiceApplication.class).run(args);
    return new SigningServiceRunner(context);
  }

  public int port() {
    return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
  }

  public String notaryUrl() {
    return "https://127.0.0.1:" + port();
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
  }
}
