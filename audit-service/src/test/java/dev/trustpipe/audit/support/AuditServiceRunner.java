package dev.trustpipe.audit.support;

import dev.trustpipe.audit.AuditServiceApplication;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real audit-service (the Spring Boot application, as {@code java -jar} would) on real
 * Kafka and PostgreSQL, with a fast checkpoint interval; closing it stops it like SIGTERM does.
 */
public final class AuditServiceRunner implements AutoCloseable {
  private final ConfigurableApplicationContext context;
  private final Path home;
  private final HttpClient http = HttpClient.newHttpClient();

  private AuditServiceRunner(ConfigurableApplicationContext context, Path home) {
    this.context = context;
    this.home = home;
  }

  public static AuditServiceRunner start(
      EmbeddedKafka kafka, TestPostgres database, Path home, Map<String, Object> extra) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("trustpipe.home", home.toString());
    properties.put("server.port", 0);
    properties.put("trustpipe.custody.pbkdf2-iterations", 10_000);
    properties.put("trustpipe.audit.checkpoint-interval", "PT0.3S");
    properties.put("trustpipe.audit.origin", "test.trustpipe/audit");
    properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
    properties.put("spring.datasource.url", database.jdbcUrl());
    properties.put("spring.datasource.username", database.user());
    properties.put("trustpipe.kafka.partitions", 3);
    properties.putAll(extra);
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new AuditServiceRunner(AuditServiceApplication.builder().run(args), home);
  }

  public String url() {
    return "http://127.0.0.1:"
        + ((ServletWebServerApplicationContext) context).getWebServer().getPort();
  }

  public String token() throws IOException {
    return Files.readString(home.resolve("auditor-token")).strip();
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** GET with the auditor token. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(path, token());
  }

  public HttpResponse<String> get(String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    context.close();
  }
}
