package dev.trustpipe.truststore.archfixture;

import dev.trustpipe.signing.archfixture.ServiceComponent;

/** Breaks the rules on purpose: library code reaching into a service. */
public class TrustStoreCallingAService {

  public void notifyService() {
    new ServiceComponent().handle();
  }
}
