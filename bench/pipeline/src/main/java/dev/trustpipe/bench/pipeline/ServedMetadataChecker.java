package dev.trustpipe.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Asks the Notary API what it serves: {@code GET /v2/<gun>/_trust/tuf/<role>.json} over HTTPS,
 * trusting only the service's CA, and looks for a tag with the pushed digest and length.
 */
final class ServedMetadataChecker {
  private final HttpClient http;
  private final URI notaryUrl;
  private final String delegationRole;
  private final ObjectMapper json = new ObjectMapper();

  ServedMetadataChecker(URI notaryUrl, Path caCertificate, String delegationRole)
      throws IOException, GeneralSecurityException {
    this.notaryUrl = notaryUrl;
    this.delegationRole = delegationRole;
    this.http =
        HttpClient.newBuilder()
            .sslContext(trusting(caCertificate))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** True when the served delegation signs {@code tag} to exactly this digest and length. */
  boolean serves(String gun, String tag, String sha256Hex, long length)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                notaryUrl.resolve("/v2/" + gun + "/_trust/tuf/" + delegationRole + ".json"))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      return false;
    }
    if (response.statusCode() != 200) {
      throw new IOException("GET " + request.uri() + " answered " + response.statusCode());
    }
    JsonNode target = json.readTree(response.body()).path("signed").path("targets").path(tag);
    if (target.isMissingNode()) {
      return false;
    }
    String servedSha256 = target.path("hashes").path("sha256").asText("");
    return target.path("length").asLong(-1) == length
        && HexFormat.of().formatHex(Base64.getDecoder().decode(servedSha256)).equals(sha256Hex);
  }

  private static SSLContext trusting(Path caCertificate)
      throws IOException, GeneralSecurityException {
    X509Certificate ca;
    try (InputStream in = Files.newInputStream(caCertificate)) {
      ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
    trustStore.load(null, null);
    trustStore.setCertificateEntry("trustpipe-ca", ca);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trustStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
