package dev.trustpipe.ingest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Receives registry webhooks and produces one registry event per manifest push or delete. It keeps
 * no database: the JDBC and Flyway auto-configurations are off, so that on a shared classpath (the
 * standalone quick start) it neither opens a pool nor runs another service's migrations.
 */
@SpringBootApplication(
    excludeName = {
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration",
      "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration"
    })
@ConfigurationPropertiesScan
public class IngestServiceApplication {

  /**
   * The service's defaults live in {@code ingest-service.yaml}, not {@code application.yaml}: the
   * standalone quick start runs every service in one JVM, where each must find only its own file.
   */
  public static final String CONFIG_NAME = "ingest-service";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(IngestServiceApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
