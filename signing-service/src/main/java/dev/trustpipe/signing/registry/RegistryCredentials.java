package dev.trustpipe.signing.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A registry account TrustPipe reads manifests with (pull access is enough). {@link #toString()}
 * never shows the password.
 */
public record RegistryCredentials(String username, String password) {
  public RegistryCredentials {
    if (username == null || username.isEmpty() || username.contains(":")) {
      throw new IllegalArgumentException("a registry username is required and has no ':'");
    }
    if (password == null) {
      throw new IllegalArgumentException("a registry password is required (it may be empty)");
    }
  }

  /** The {@code Authorization} value of HTTP basic auth. */
  String basicAuthorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=***]";
  }
}
