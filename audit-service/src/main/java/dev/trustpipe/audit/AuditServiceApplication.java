package dev.trustpipe.audit;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Consumes every trust change, key rotation and rejection into a tamper-evident transparency log
 * and serves the audit API.
 *
 * <p>Its defaults are in {@code audit-service.yaml}, not {@code application.yaml}, so that it can
 * run in one JVM with the other services (the quick start) without reading their configuration.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class AuditServiceApplication {
  /**
   * The configuration file name ({@code audit-service.yaml}, {@code audit-service-<profile>.yaml}).
   */
  public static final String CONFIG_NAME = "audit-service";

  public static void main(String[] args) {
    builder().run(args);
  }

  /** The application as {@code main} starts it; embedders call {@code run(args)} on it. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(AuditServiceApplication.class)
        .properties(Map.of("spring.config.name", CONFIG_NAME));
  }
}
