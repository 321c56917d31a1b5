package dev.trustpipe.custody.vault;

import dev.trustpipe.custody.CustodyException;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The Vault token the backend currently uses, obtained and kept fresh through the HashiCorp Vault
 * Java driver (io.github.jopenlibs): AppRole and Kubernetes logins, and {@code renew-self}.
 *
 * <p>Renewal is lazy and clock driven: before a request, a token past two thirds of its lease is
 * renewed (if renewable), and a token that cannot be renewed any more is replaced by a new login. A
 * request that Vault answers with 403 calls {@link #invalidate()} and is tried once more with a new
 * login (the token may have been revoked). A fixed {@link VaultAuth.Token} is used as is.
 *
 * <p>Errors name the auth method and the HTTP status only: the driver's own messages quote response
 * bodies, and those are never copied into ours.
 */
final class VaultSession {

  private static final EnvironmentLoader NO_ENVIRONMENT =
      new EnvironmentLoader() {
        private static final long serialVersionUID = 1L;

        @Override
        public String loadVariable(String name) {
          return null;
        }
      };

  private final VaultSettings settings;
  private final HttpClient httpClient;
  private final Clock clock;
  private String token;
  private Instant renewAt;
  private Instant expiresAt;
  private boolean renewable;

  VaultSession(VaultSettings settings, HttpClient httpClient, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (settings.auth() instanceof VaultAuth.Token fixed) {
      this.token = fixed.token();
    }
  }

  /** Whether a 403 can be cured by logging in again. */
  boolean canLogIn() {
    return !(settings.auth() instanceof VaultAuth.Token);
  }

  /** A token valid now, logging in or renewing first when needed. */
  synchronized String token() throws CustodyException {
    if (!canLogIn()) {
      return token;
    }
    Instant now = clock.instant();
    if (token != null && (renewAt == null || now.isBefore(renewAt))) {
      return token;
    }
    if (token != null && renewable && now.isBefore(expiresAt)) {
      try {
        AuthResponse renewed = driver(token).auth().renewSelf();
        accept(renewed, now, token);
        return token;
      } catch (VaultException e) {
        // e.g. the token reached its max TTL or was revoked: fall through to a new login
      }
    }
    login(now);
    return token;
  }

  /** Forgets the current token, so the next {@link #token()} logs in again. */
  synchronized void invalidate() {
    if (canLogIn()) {
      token = null;
      renewAt = null;
      expiresAt = null;
    }
  }

  private void login(Instant now) throws CustodyException {
    String method = methodName();
    try {
      Vault vault = driver(null);
      AuthResponse response;
      if (settings.auth() instanceof VaultAuth.AppRole appRole) {
        response =
            vault.auth().loginByAppRole(appRole.mount(), appRole.roleId(), appRole.secretId());
      } else if (settings.auth() instanceof VaultAuth.Kubernetes kubernetes) {
        // The driver's JWT-style logins take the full mount path ("auth/<mount>"), unlike AppRole.
        response =
            vault
                .auth()
                .loginByKubernetes(
                    kubernetes.role(), readJwt(kubernetes), "auth/" + kubernetes.mount());
      } else {
        throw new IllegalStateException("a fixed token needs no login");
      }
      accept(response, now, null);
    } catch (VaultException e) {
      int status = e.getHttpStatusCode();
      throw status > 0
          ? new VaultRequestException(
              "Vault " + method + " login failed: HTTP " + status, status, java.util.List.of())
          : new VaultUnavailableException(
              "Vault " + method + " login failed: " + settings.address() + " did not answer");
    }
  }

  private void accept(AuthResponse response, Instant now, String previous) throws CustodyException {
    String clientToken = response.getAuthClientToken();
    if (clientToken == null || clientToken.isBlank()) {
      if (previous == null) {
        throw new CustodyException("Vault " + methodName() + " login answered without a token");
      }
      clientToken = previous;
    }
    token = clientToken;
    renewable = response.isAuthRenewable();
    long lease = response.getAuthLeaseDuration();
    if (lease <= 0) {
      renewAt = null;
      expiresAt = null;
    } else {
      expiresAt = now.plusSeconds(lease);
      renewAt = now.plus(Duration.ofSeconds(lease).multipliedBy(2).dividedBy(3));
    }
  }

  private static String readJwt(VaultAuth.Kubernetes kubernetes) throws CustodyException {
    try {
      return Files.readString(kubernetes.jwtFile(), StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new CustodyException(
          "cannot read the Kubernetes service-account token " + kubernetes.jwtFile());
    }
  }

  private String methodName() {
    if (settings.auth() instanceof VaultAuth.AppRole) {
      return "approle";
    }
    return settings.auth() instanceof VaultAuth.Kubernetes ? "kubernetes" : "token";
  }

  private Vault driver(String withToken) throws VaultException {
    VaultConfig config =
        new VaultConfig()
            // Only what we pass: the driver would otherwise pick up VAULT_TOKEN and friends itself.
            .environmentLoader(NO_ENVIRONMENT)
            .address(stripTrailingSlash(settings.address().toString()))
            // Transit and auth paths are not KV v2: without this the driver rewrites paths.
            .engineVersion(1)
            .httpClient(httpClient)
            .openTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()))
            .readTimeout((int) Math.max(1, settings.requestTimeout().toSeconds()));
    if (withToken != null) {
      config.token(withToken);
    }
    if (settings.namespace().isPresent()) {
      config.nameSpace(settings.namespace().get());
    }
    RetryPolicy retry = settings.retry();
    return Vault.create(config.build())
        .withRetries(retry.maxAttempts() - 1, (int) retry.initialBackoff().toMillis());
  }

  private static String stripTrailingSlash(String address) {
    return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
  }
}
