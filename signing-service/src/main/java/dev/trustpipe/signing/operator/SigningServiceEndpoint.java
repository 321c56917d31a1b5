package dev.trustpipe.signing.operator;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the command-line tools ({@code ./trustpipe keys}, {@code ./trustpipe oci-policy}) reach a
 * running signing-service: {@code TRUSTPIPE_NOTARY_URL} (default {@code https://127.0.0.1:4443}),
 * trusting the CA in {@code TRUSTPIPE_TLS_CA} (default {@code $TRUSTPIPE_HOME/tls/ca.crt}).
 *
 * @param home {@code TRUSTPIPE_HOME} (default {@code .trustpipe})
 */
public record SigningServiceEndpoint(String baseUrl, Path home, HttpClient http) {

  public static SigningServiceEndpoint fromEnvironment(Function<String, String> env)
      throws IOException, GeneralSecurityException {
    String base = orDefault(env.apply("TRUSTPIPE_NOTARY_URL"), "https://127.0.0.1:4443");
    Path home = Path.of(orDefault(env.apply("TRUSTPIPE_HOME"), ".trustpipe"));
    Path ca =
        Path.of(orDefault(env.apply("TRUSTPIPE_TLS_CA"), home.resolve("tls/ca.crt").toString()));
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (base.startsWith("https:")) {
      if (!Files.isRegularFile(ca)) {
        throw new IOException(
            "no CA certificate at " + ca + " (set TRUSTPIPE_HOME or TRUSTPIPE_TLS_CA)");
      }
      client.sslContext(trusting(ca));
    }
    return new SigningServiceEndpoint(
        base.endsWith("/") ? base.substring(0, base.length() - 1) : base, home, client.build());
  }

  private static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
    X509Certificate ca;
    try (InputStream in = Files.newInputStream(caFile)) {
      ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("trustpipe-ca", ca);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}
