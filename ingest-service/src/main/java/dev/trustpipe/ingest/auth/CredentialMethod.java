package dev.trustpipe.ingest.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a sender may present its credential. */
public enum CredentialMethod {
  /** {@code Authorization: Bearer <secret>}: Distribution, GitLab, Harbor, ACR, EventBridge. */
  BEARER("bearer"),
  /** {@code ?token=<secret>} in the URL, for senders that cannot set headers (Docker Hub). */
  TOKEN("token"),
  /** {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>}: GitHub. */
  HMAC_SHA256("hmac-sha256"),
  /** A named header whose value is the secret, e.g. Artifactory's {@code X-JFrog-Event-Auth}. */
  HEADER("header"),
  /**
   * No credential at all: only for a source behind something that authenticates it (a proxy
   * checking mTLS, say). Logged as a warning at start-up.
   */
  NONE("none");

  private final String configName;

  CredentialMethod(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static CredentialMethod fromConfig(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(method -> method.configName.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown webhook credential method '"
                        + name.trim()
                        + "'; use "
                        + Arrays.stream(values())
                            .map(CredentialMethod::configName)
                            .collect(Collectors.joining(", "))));
  }
}
