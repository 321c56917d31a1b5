package dev.trustpipe.ingest.auth;

import dev.trustpipe.ingest.adapter.BadWebhookException;
import dev.trustpipe.ingest.adapter.Rejection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a delivery comes from the sender configured for one source: its address is allowed,
 * and at least one of the accepted credential methods carries the source's secret. Every comparison
 * is constant-time; nothing here logs or reports the values compared.
 */
public final class SourceAuthenticator {

  static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
  private static final String SIGNATURE_PREFIX = "sha256=";
  private static final String BEARER_PREFIX = "bearer ";

  private final Set<CredentialMethod> methods;
  private final byte[] secret;
  private final byte[] secretHash;
  private final String headerName;
  private final NetworkAllowList allowList;

  /**
   * @param secret the shared secret (also the HMAC key); may be null only when {@code methods} is
   *     {NONE}
   * @param headerName the header of {@link CredentialMethod#HEADER}; null when that is not used
   */
  public SourceAuthenticator(
      Set<CredentialMethod> methods, String secret, String headerName, NetworkAllowList allowList) {
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("a source needs at least one credential method");
    }
    if (methods.contains(CredentialMethod.NONE) && methods.size() > 1) {
      throw new IllegalArgumentException("credential method 'none' cannot be combined");
    }
    if (!methods.contains(CredentialMethod.NONE) && (secret == null || secret.isEmpty())) {
      throw new IllegalArgumentException("a source with credential methods needs a secret");
    }
    if (methods.contains(CredentialMethod.HEADER) && (headerName == null || headerName.isBlank())) {
      throw new IllegalArgumentException("credential method 'header' needs a header name");
    }
    this.methods = EnumSet.copyOf(methods);
    this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    this.secretHash = sha256(this.secret);
    this.headerName = headerName;
    this.allowList = Objects.requireNonNull(allowList, "allowList");
  }

  public Set<CredentialMethod> methods() {
    return EnumSet.copyOf(methods);
  }

  /** Whether the peer may send to this source at all (checked before the body is read). */
  public void checkAddress(String remoteAddress) {
    if (!allowList.allows(remoteAddress)) {
      throw new BadWebhookException(
          Rejection.ADDRESS_NOT_ALLOWED,
          "deliveries from " + remoteAddress + " are not allowed for this source");
    }
  }

  /**
   * @throws BadWebhookException UNAUTHENTICATED when no accepted method carries the secret
   */
  public void authenticate(SenderCredentials request) {
    checkAddress(request.remoteAddress());
    if (methods.contains(CredentialMethod.NONE)) {
      return;
    }
    // evaluate every method, so the time taken does not tell which one came close
    boolean authenticated = false;
    for (CredentialMethod method : methods) {
      authenticated |=
          switch (method) {
            case BEARER -> bearer(request);
            case TOKEN -> token(request);
            case HMAC_SHA256 -> hmac(request);
            case HEADER -> header(request);
            case NONE -> false;
          };
    }
    if (!authenticated) {
      throw new BadWebhookException(
          Rejection.UNAUTHENTICATED,
          "no valid credential; this source accepts "
              + methods.stream().map(CredentialMethod::configName).toList());
    }
  }

  private boolean bearer(SenderCredentials request) {
    boolean found = false;
    for (String value : request.headers().all("Authorization")) {
      if (value.length() > BEARER_PREFIX.length()
          && value
              .substring(0, BEARER_PREFIX.length())
              .toLowerCase(Locale.ROOT)
              .equals(BEARER_PREFIX)) {
        found |= matchesSecret(value.substring(BEARER_PREFIX.length()).trim());
      }
    }
    return found;
  }

  private boolean token(SenderCredentials request) {
    String query = request.rawQuery();
    if (query == null) {
      return false;
    }
    boolean found = false;
    for (String pair : query.split("&")) {
      if (pair.startsWith("token=")) {
        String value;
        try {
          value = URLDecoder.decode(pair.substring("token=".length()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          continue;
        }
        found |= matchesSecret(value);
      }
    }
    return found;
  }

  private boolean header(SenderCredentials request) {
    boolean found = false;
    for (String value : request.headers().all(headerName)) {
      found |= matchesSecret(value.trim());
    }
    return found;
  }

  private boolean hmac(SenderCredentials request) {
    List<String> signatures = request.headers().all(SIGNATURE_HEADER);
    if (signatures.isEmpty()) {
      return false;
    }
    byte[] expected = hmacSha256(secret, request.body());
    boolean found = false;
    for (String signature : signatures) {
      String value = signature.trim();
      if (!value.toLowerCase(Locale.ROOT).startsWith(SIGNATURE_PREFIX)) {
        continue;
      }
      byte[] presented;
      try {
        presented = HexFormat.of().parseHex(value.substring(SIGNATURE_PREFIX.length()));
      } catch (IllegalArgumentException e) {
        continue;
      }
      found |= MessageDigest.isEqual(presented, expected);
    }
    return found;
  }

  /** Hashes first, so the comparison takes the same time whatever the presented length. */
  private boolean matchesSecret(String presented) {
    return MessageDigest.isEqual(sha256(presented.getBytes(StandardCharsets.UTF_8)), secretHash);
  }

  /** {@code HMAC-SHA256(key, message)}, GitHub's {@code X-Hub-Signature-256} without its prefix. */
  public static byte[] hmacSha256(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // an empty key is legal HMAC but SecretKeySpec refuses it
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime provides HmacSHA256", e);
    }
  }

  private static byte[] sha256(byte[] value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "SourceAuthenticator" + methods;
  }
}
