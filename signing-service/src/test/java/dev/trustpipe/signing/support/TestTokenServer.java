package dev.trustpipe.signing.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A token server for Distribution's token auth (the role Docker Hub's {@code auth.docker.io}
 * plays): {@code GET /token?service=&scope=} with HTTP basic credentials answers {@code {"token":
 * <JWT>}}, an ES256 JWT whose {@code x5c} header carries a self-signed certificate that the
 * registry trusts through its {@code rootcertbundle} ({@link TestRegistry#startWithTokenAuth}). The
 * real registry verifies every token, so a wrong signature, issuer, audience or scope is refused by
 * it.
 */
public final class TestTokenServer implements AutoCloseable {
  public static final String ISSUER = "trustpipe-test-issuer";
  public static final String SERVICE = "trustpipe-test-registry";

  private final HttpServer server;
  private final KeyPair key;
  private final X509Certificate certificate;
  private final Map<String, String> accounts;
  private final AtomicInteger issued = new AtomicInteger();

  private TestTokenServer(Map<String, String> accounts)
      throws IOException, GeneralSecurityException {
    this.accounts = Map.copyOf(accounts);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    key = generator.generateKeyPair();
    try {
      Instant now = Instant.now();
      X500Name name = new X500Name("CN=" + ISSUER);
      certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          name,
                          BigInteger.valueOf(now.toEpochMilli()),
                          Date.from(now.minus(Duration.ofHours(1))),
                          Date.from(now.plus(Duration.ofDays(1))),
                          name,
                          key.getPublic())
                      .build(
                          new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/token", this::token);
    server.start();
  }

  /** Serves tokens to these accounts (username to password). */
  public static TestTokenServer start(Map<String, String> accounts)
      throws IOException, GeneralSecurityException {
    return new TestTokenServer(accounts);
  }

  public String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  /** The certificate the registry trusts token signatures from (PEM). */
  public String certificatePem() throws GeneralSecurityException {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  /** How many tokens were handed out. */
  public int issued() {
    return issued.get();
  }

  /** A token for {@code scope} ({@code repository:<name>:<actions>}), e.g. for test pushes. */
  public String token(String subject, String scope, Duration lifetime)
      throws GeneralSecurityException {
    String[] parts = scope.split(":");
    String actions = String.join("\",\"", parts[2].split(","));
    Instant now = Instant.now();
    String header =
        "{\"typ\":\"JWT\",\"alg\":\"ES256\",\"x5c\":[\""
            + Base64.getEncoder().encodeToString(certificate.getEncoded())
            + "\"]}";
    String claims =
        "{\"iss\":\""
            + ISSUER
            + "\",\"sub\":\""
            + subject
            + "\",\"aud\":\""
            + SERVICE
            + "\",\"exp\":"
            + now.plus(lifetime).getEpochSecond()
            + ",\"nbf\":"
            + now.minusSeconds(10).getEpochSecond()
            + ",\"iat\":"
            + now.getEpochSecond()
            + ",\"jti\":\""
            + UUID.randomUUID()
            + "\",\"access\":[{\"type\":\""
            + parts[0]
            + "\",\"name\":\""
            + parts[1]
            + "\",\"actions\":[\""
            + actions
            + "\"]}]}";
    String signingInput = base64Url(header) + "." + base64Url(claims);
    Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
    signer.initSign(key.getPrivate());
    signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String account = account(exchange.getRequestHeaders().getFirst("Authorization"));
      if (account == null) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"token\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      if (!SERVICE.equals(query.get("service")) || query.get("scope") == null) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      String jwt = token(account, query.get("scope"), Duration.ofMinutes(5));
      issued.incrementAndGet();
      byte[] body =
          ("{\"token\":\"" + jwt + "\",\"expires_in\":300,\"issued_at\":\"" + Instant.now() + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  /** The account named by valid basic credentials, or null. */
  private String account(String authorization) {
    if (authorization == null || !authorization.startsWith("Basic ")) {
      return null;
    }
    String decoded =
        new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String username = decoded.substring(0, colon);
    return decoded.substring(colon + 1).equals(accounts.get(username)) ? username : null;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
