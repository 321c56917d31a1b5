package dev.trustpipe.signing.archfixture;

import java.time.Instant;

/** A stand-in service class; services may read the system clock. */
public class ServiceComponent {

  public Instant handle() {
    return Instant.now();
  }
}
