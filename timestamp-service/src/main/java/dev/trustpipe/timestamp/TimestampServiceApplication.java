package dev.trustpipe.timestamp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The timestamp-service: renews metadata before it expires; operator API on port 8082. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TimestampServiceApplication {
  /**
   * Its configuration is {@code timestamp-service.yaml}, so it never shadows (or is shadowed by)
   * another service's {@code application.yaml} on a shared classpath.
   */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(TimestampServiceApplication.class)
        .properties("spring.config.name=timestamp-service");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
