package dev.trustpipe.custody.vault;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Where the Vault Transit backend connects and how it behaves when Vault is slow or down.
 *
 * @param address Vault's base address ({@code VAULT_ADDR}), e.g. {@code https://vault:8200}
 * @param namespace the {@code X-Vault-Namespace} ({@code VAULT_NAMESPACE}; Enterprise/OpenBao), or
 *     empty
 * @param transitMount the Transit engine's mount path ({@code TRUSTPIPE_VAULT_TRANSIT_MOUNT})
 * @param auth how to obtain a token
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout time allowed for one request's answer
 * @param retry retries of outages (never of answered client errors)
 * @param breakerFailureThreshold consecutive failed requests (after their retries) that open the
 *     circuit breaker
 * @param breakerOpenDuration how long an open breaker fails fast before a trial request
 * @param maxBatchSize items per {@code batch_input} request; longer batches are split
 * @param sslContext trust for {@code https} addresses ({@code VAULT_CACERT}), or empty for the JDK
 *     default
 */
public record VaultSettings(
    URI address,
    Optional<String> namespace,
    String transitMount,
    VaultAuth auth,
    Duration connectTimeout,
    Duration requestTimeout,
    RetryPolicy retry,
    int breakerFailureThreshold,
    Duration breakerOpenDuration,
    int maxBatchSize,
    Optional<SSLContext> sslContext) {

  public static final String DEFAULT_TRANSIT_MOUNT = "transit";

  public VaultSettings {
    Objects.requireNonNull(address, "address");
    if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme())) {
      throw new IllegalArgumentException("Vault address must be http(s): " + address);
    }
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(transitMount, "transitMount");
    if (!transitMount.matches("[A-Za-z0-9][A-Za-z0-9._/-]*") || transitMount.contains("..")) {
      throw new IllegalArgumentException("invalid Transit mount path: " + transitMount);
    }
    Objects.requireNonNull(auth, "auth");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retry, "retry");
    if (breakerFailureThreshold < 1) {
      throw new IllegalArgumentException("breakerFailureThreshold must be >= 1");
    }
    requirePositive(breakerOpenDuration, "breakerOpenDuration");
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be >= 1");
    }
    Objects.requireNonNull(sslContext, "sslContext");
  }

  /** Production defaults: 5 s connect, 10 s per request, 3 attempts, breaker 5 failures / 30 s. */
  public static VaultSettings of(URI address, VaultAuth auth) {
    return new VaultSettings(
        address,
        Optional.empty(),
        DEFAULT_TRANSIT_MOUNT,
        auth,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        RetryPolicy.DEFAULT,
        5,
        Duration.ofSeconds(30),
        250,
        Optional.empty());
  }

  public VaultSettings withNamespace(String value) {
    return new VaultSettings(
        address,
        Optional.ofNullable(value).filter(v -> !v.isBlank()),
        transitMount,
        auth,
        connectTimeout,
        requestTimeout,
        retry,
        breakerFailureThreshold,
        breakerOpenDuration,
        maxBatchSize,
        sslContext);
  }

  public VaultSettings withTransitMount(String value) {
    return new VaultSettings(
        address,
        namespace,
        value,
        auth,
        connectTimeout,
        requestTimeout,
        retry,
        breakerFailureThreshold,
        breakerOpenDuration,
        maxBatchSize,
        sslContext);
  }

  public VaultSettings withTimeouts(Duration connect, Duration request) {
    return new VaultSettings(
        address,
        namespace,
        transitMount,
        auth,
        connect,
        request,
        retry,
        breakerFailureThreshold,
        breakerOpenDuration,
        maxBatchSize,
        sslContext);
  }

  public VaultSettings withRetry(RetryPolicy value) {
    return new VaultSettings(
        address,
        namespace,
        transitMount,
        auth,
        connectTimeout,
        requestTimeout,
        value,
        breakerFailureThreshold,
        breakerOpenDuration,
        maxBatchSize,
        sslContext);
  }

  public VaultSettings withCircuitBreaker(int failureThreshold, Duration openDuration) {
    return new VaultSettings(
        address,
        namespace,
        transitMount,
        auth,
        connectTimeout,
        requestTimeout,
        retry,
        failureThreshold,
        openDuration,
        maxBatchSize,
        sslContext);
  }

  public VaultSettings withMaxBatchSize(int value) {
    return new VaultSettings(
        address,
        namespace,
        transitMount,
        auth,
        connectTimeout,
        requestTimeout,
        retry,
        breakerFailureThreshold,
        breakerOpenDuration,
        value,
        sslContext);
  }

  public VaultSettings withSslContext(SSLContext value) {
    return new VaultSettings(
        address,
        namespace,
        transitMount,
        auth,
        connectTimeout,
        requestTimeout,
        retry,
        breakerFailureThreshold,
        breakerOpenDuration,
        maxBatchSize,
        Optional.of(value));
  }

  private static void requirePositive(Duration value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive");
    }
  }
}
