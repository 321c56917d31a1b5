package dev.trustpipe.tuf.archfixture;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;

/** Breaks the rules on purpose: library code reading the wall clock instead of a Clock. */
public class TufReadingTheSystemClock {

  public Instant currentTime() {
    return Instant.now();
  }

  public long millis() {
    return System.currentTimeMillis();
  }

  public Clock hiddenClock() {
    return Clock.systemUTC();
  }

  public Date legacyNow() {
    return new Date();
  }
}
