package dev.trustpipe.signing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Consumes registry events, signs them into TUF metadata and serves the Notary v1 API. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SigningServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(SigningServiceApplication.class, args);
  }
}
