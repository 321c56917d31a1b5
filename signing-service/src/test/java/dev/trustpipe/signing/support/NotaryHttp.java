package dev.trustpipe.signing.support;

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
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Reads the Notary v1 API over HTTPS, trusting only TrustPipe's generated CA, as a client does. */
public final class NotaryHttp {
  private final HttpClient client;
  private final String baseUrl;

  public NotaryHttp(String baseUrl, Path caCertificate)
      throws IOException, GeneralSecurityException {
    X509Certificate ca;
    try (InputStream in = Files.newInputStream(caCertificate)) {
      ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    this.client = HttpClient.newBuilder().sslContext(trusting(ca)).build();
    this.baseUrl = baseUrl;
  }

  /** The body of {@code GET /v2/<gun>/_trust/tuf/<file>}, or empty on 404. */
  public Optional<byte[]> tuf(String gun, String file) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/v2/" + gun + "/_trust/tuf/" + file))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + file + " answered " + response.statusCode());
    }
    return Optional.of(response.body());
  }

  /** An SSL context that trusts exactly {@code ca}. */
  public static SSLContext trusting(X509Certificate ca)
      throws GeneralSecurityException, IOException {
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
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
