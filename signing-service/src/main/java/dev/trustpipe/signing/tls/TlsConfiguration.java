package dev.trustpipe.signing.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Provides the {@link ServerTlsFiles} of the HTTPS connector (unless TLS is disabled). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(TlsProperties.class)
public class TlsConfiguration {

  @Bean
  @ConditionalOnProperty(
      name = "trustpipe.tls.enabled",
      havingValue = "true",
      matchIfMissing = true)
  ServerTlsFiles serverTlsFiles(TlsProperties properties, ObjectProvider<Clock> clock)
      throws IOException {
    if (properties.operatorSupplied()) {
      requireReadable(properties.certificate(), "trustpipe.tls.certificate");
      requireReadable(properties.privateKey(), "trustpipe.tls.private-key");
      return new ServerTlsFiles(null, properties.certificate(), properties.privateKey());
    }
    return new LocalCertificateAuthority(
            properties.directory(), clock.getIfAvailable(Clock::systemUTC))
        .ensureServerCertificate(properties.extraSans());
  }

  private static void requireReadable(Path file, String property) {
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(property + " is not a readable file: " + file);
    }
  }
}
