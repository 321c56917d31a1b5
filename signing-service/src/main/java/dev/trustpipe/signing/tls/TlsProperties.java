package dev.trustpipe.signing.tls;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * TLS of the Notary API ({@code trustpipe.tls.*}).
 *
 * @param enabled false serves plain HTTP (e.g. behind a TLS-terminating proxy)
 * @param directory where the local CA and the server certificate are generated and kept ({@code
 *     ${trustpipe.home}/tls})
 * @param certificate operator-supplied server certificate chain (PEM); replaces the local CA
 * @param privateKey the private key of {@code certificate} (PEM); required with it
 * @param extraSans additional subject alternative names of the generated server certificate, DNS
 *     names or IP addresses, beside {@code localhost}, {@code 127.0.0.1} and {@code ::1}
 */
@ConfigurationProperties("trustpipe.tls")
public record TlsProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue(".trustpipe/tls") Path directory,
    Path certificate,
    Path privateKey,
    @DefaultValue List<String> extraSans) {

  public TlsProperties {
    if ((certificate == null) != (privateKey == null)) {
      throw new IllegalArgumentException(
          "trustpipe.tls.certificate and trustpipe.tls.private-key must be set together");
    }
    extraSans = List.copyOf(extraSans);
  }

  /** Whether the operator supplied the server certificate instead of the local CA issuing one. */
  public boolean operatorSupplied() {
    return certificate != null;
  }
}
