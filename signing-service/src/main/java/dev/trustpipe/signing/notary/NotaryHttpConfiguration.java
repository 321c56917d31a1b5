package dev.trustpipe.signing.notary;

import dev.trustpipe.signing.tls.ServerTlsFiles;
import dev.trustpipe.signing.tls.TlsConfiguration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Serves the Notary v1 read API from the {@link TrustMetadataReader} bean the application provides,
 * on the HTTPS connector configured by {@link NotaryServerCustomizer}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(NotaryProperties.class)
@Import(TlsConfiguration.class)
public class NotaryHttpConfiguration {

  /** Notary's paths; everything else (e.g. {@code /actuator/**}) stays with Spring MVC. */
  static final String[] URL_MAPPINGS = {"/v2/*", "/_notary_server/health"};

  @Bean
  ServletRegistrationBean<NotaryApiServlet> notaryApiServlet(
      TrustMetadataReader reader,
      NotaryProperties properties,
      ObjectProvider<HealthEndpoint> healthEndpoint) {
    NotaryApiServlet servlet =
        new NotaryApiServlet(reader, properties.cache(), healthFailures(healthEndpoint));
    ServletRegistrationBean<NotaryApiServlet> registration =
        new ServletRegistrationBean<>(servlet, URL_MAPPINGS);
    registration.setName("notaryApi");
    registration.setLoadOnStartup(1);
    return registration;
  }

  @Bean
  NotaryServerCustomizer notaryServerCustomizer(
      NotaryProperties properties, ObjectProvider<ServerTlsFiles> tlsFiles) {
    return new NotaryServerCustomizer(properties, tlsFiles::getIfAvailable);
  }

  /**
   * Failing actuator health components by name; healthy (empty) when the actuator is absent or
   * reports UP/UNKNOWN, as Spring Boot's own status mapping does.
   */
  static Supplier<Map<String, String>> healthFailures(ObjectProvider<HealthEndpoint> endpoint) {
    return () -> {
      HealthEndpoint health = endpoint.getIfAvailable();
      if (health == null) {
        return Map.of();
      }
      HealthComponent overall = health.health();
      if (isHealthy(overall.getStatus())) {
        return Map.of();
      }
      Map<String, String> failures = new TreeMap<>();
      if (overall instanceof CompositeHealth composite) {
        composite
            .getComponents()
            .forEach(
                (name, component) -> {
                  if (!isHealthy(component.getStatus())) {
                    failures.put(name, component.getStatus().getCode());
                  }
                });
      }
      if (failures.isEmpty()) {
        failures.put("status", overall.getStatus().getCode());
      }
      return failures;
    };
  }

  private static boolean isHealthy(Status status) {
    return Status.UP.equals(status) || Status.UNKNOWN.equals(status);
  }
}
