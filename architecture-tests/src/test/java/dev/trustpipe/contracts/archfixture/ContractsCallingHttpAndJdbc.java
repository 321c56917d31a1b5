package dev.trustpipe.contracts.archfixture;

import dev.trustpipe.tuf.archfixture.TufReadingTheSystemClock;
import java.net.http.HttpClient;
import java.sql.Connection;

/** Breaks the rules on purpose: contracts code doing I/O and using another module. */
public class ContractsCallingHttpAndJdbc {

  public Object fetch(Connection connection) {
    new TufReadingTheSystemClock().currentTime();
    return HttpClient.newHttpClient();
  }
}
