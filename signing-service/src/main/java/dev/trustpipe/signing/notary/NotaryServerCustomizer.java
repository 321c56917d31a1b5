package dev.trustpipe.signing.notary;

import dev.trustpipe.signing.tls.ServerTlsFiles;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Puts the application's one connector where the Notary API belongs ({@code
 * trustpipe.notary.address}:{@code port}, HTTPS with the certificate of {@link ServerTlsFiles};
 * plain HTTP when TLS is disabled). The actuator shares it. Runs after Spring Boot's own
 * customizers, so these settings win over {@code server.port}/{@code server.ssl.*}.
 */
public final class NotaryServerCustomizer
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  private static final Logger log = LoggerFactory.getLogger(NotaryServerCustomizer.class);

  /** TLS 1.3 and 1.2 only; the Go notary client speaks both. */
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final NotaryProperties properties;
  private final Supplier<ServerTlsFiles> tlsFiles;

  /**
   * @param tlsFiles certificate chain and key to serve, or a supplier of null for plain HTTP
   */
  public NotaryServerCustomizer(NotaryProperties properties, Supplier<ServerTlsFiles> tlsFiles) {
    this.properties = properties;
    this.tlsFiles = tlsFiles;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.setPort(properties.port());
    try {
      factory.setAddress(InetAddress.getByName(properties.address()));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "trustpipe.notary.address is not a usable address: " + properties.address(), e);
    }
    factory.addContextValves(new VerbatimContentTypeValve());
    ServerTlsFiles tls = tlsFiles.get();
    if (tls == null) {
      log.warn("Notary API without TLS (trustpipe.tls.enabled=false): plain HTTP");
      return;
    }
    Ssl ssl = new Ssl();
    ssl.setEnabled(true);
    ssl.setCertificate("file:" + tls.certificateChain().toAbsolutePath());
    ssl.setCertificatePrivateKey("file:" + tls.privateKey().toAbsolutePath());
    ssl.setEnabledProtocols(PROTOCOLS.clone());
    factory.setSsl(ssl);
    if (tls.caCertificate() != null) {
      log.info(
          "Notary API over HTTPS; clients trust {} (notary --tlscacert)",
          tls.caCertificate().toAbsolutePath());
    }
  }
}
