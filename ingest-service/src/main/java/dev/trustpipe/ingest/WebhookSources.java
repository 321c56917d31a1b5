package dev.trustpipe.ingest;

import dev.trustpipe.ingest.IngestProperties.SourceSettings;
import dev.trustpipe.ingest.adapter.WebhookAdapter;
import dev.trustpipe.ingest.auth.CredentialMethod;
import dev.trustpipe.ingest.auth.NetworkAllowList;
import dev.trustpipe.ingest.auth.QuickStartSecret;
import dev.trustpipe.ingest.auth.SourceAuthenticator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The enabled webhook sources: each one's adapter and how its sender is authenticated. */
public final class WebhookSources {
  private static final Logger log = LoggerFactory.getLogger(WebhookSources.class);

  /** One {@code POST /webhooks/{source}} endpoint. */
  public record WebhookSource(WebhookAdapter adapter, SourceAuthenticator authenticator) {}

  private final Map<String, WebhookSource> sources;

  public WebhookSources(Map<String, WebhookSource> sources) {
    this.sources = Map.copyOf(sources);
  }

  public Optional<WebhookSource> find(String name) {
    return Optional.ofNullable(sources.get(name));
  }

  public Set<String> names() {
    return new java.util.TreeSet<>(sources.keySet());
  }

  /**
   * Builds the sources from configuration. The quick-start secret file is read, or generated, only
   * when some source uses the shared secret and none is configured.
   *
   * @param announce where the quick start says where its secret is (stdout)
   * @throws IllegalArgumentException for settings of an unknown source or unusable settings
   */
  public static WebhookSources configure(
      List<WebhookAdapter> adapters, IngestProperties properties, Consumer<String> announce) {
    Map<String, WebhookAdapter> byName = new LinkedHashMap<>();
    for (WebhookAdapter adapter : adapters) {
      if (byName.put(adapter.source(), adapter) != null) {
        throw new IllegalStateException("two adapters for source " + adapter.source());
      }
    }
    for (String configured : properties.sources().keySet()) {
      if (!byName.containsKey(configured)) {
        throw new IllegalArgumentException(
            "trustpipe.ingest.sources."
                + configured
                + ": no such source; known: "
                + byName.keySet());
      }
    }
    Supplier<String> sharedSecret = new SharedSecret(properties, announce);
    Map<String, WebhookSource> sources = new LinkedHashMap<>();
    byName.forEach(
        (name, adapter) -> {
          SourceSettings settings = properties.sources().get(name);
          if (settings != null && !settings.enabled()) {
            log.info("webhook source {} is disabled", name);
            return;
          }
          List<String> methodNames =
              settings != null && settings.methods() != null && !settings.methods().isEmpty()
                  ? settings.methods()
                  : properties.authMethods();
          Set<CredentialMethod> methods = EnumSet.noneOf(CredentialMethod.class);
          methodNames.forEach(method -> methods.add(CredentialMethod.fromConfig(method)));
          String secret = null;
          if (!methods.contains(CredentialMethod.NONE)) {
            secret = ownSecret(settings).orElseGet(sharedSecret);
          } else {
            log.warn(
                "webhook source {} accepts deliveries without a credential (methods: none)", name);
          }
          NetworkAllowList allowList =
              settings == null || settings.allowedNetworks() == null
                  ? NetworkAllowList.allowAll()
                  : NetworkAllowList.of(settings.allowedNetworks());
          try {
            sources.put(
                name,
                new WebhookSource(
                    adapter,
                    new SourceAuthenticator(
                        methods, secret, settings == null ? null : settings.header(), allowList)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "trustpipe.ingest.sources." + name + ": " + e.getMessage(), e);
          }
        });
    return new WebhookSources(sources);
  }

  private static Optional<String> ownSecret(SourceSettings settings) {
    if (settings == null) {
      return Optional.empty();
    }
    if (settings.secret() != null && !settings.secret().isEmpty()) {
      return Optional.of(settings.secret());
    }
    if (settings.secretFile() != null && !settings.secretFile().toString().isEmpty()) {
      try {
        return Optional.of(QuickStartSecret.read(settings.secretFile()));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read webhook secret file " + settings.secretFile(), e);
      }
    }
    return Optional.empty();
  }

  /** The configured shared secret, else the quick start's file; loaded once, when first needed. */
  private static final class SharedSecret implements Supplier<String> {
    private final IngestProperties properties;
    private final Consumer<String> announce;
    private String secret;

    SharedSecret(IngestProperties properties, Consumer<String> announce) {
      this.properties = properties;
      this.announce = announce;
    }

    @Override
    public String get() {
      if (secret == null) {
        if (!properties.sharedSecret().isEmpty()) {
          secret = properties.sharedSecret();
        } else {
          Path file = properties.sharedSecretFile();
          if (file == null) {
            throw new IllegalArgumentException(
                "no webhook secret: set TRUSTPIPE_WEBHOOK_SECRET or trustpipe.ingest.shared-secret-file");
          }
          QuickStartSecret.Loaded loaded = QuickStartSecret.loadOrGenerate(file);
          secret = loaded.secret();
          if (loaded.generated()) {
            announce.accept(
                "TrustPipe webhook secret (generated, stored in " + file + "): " + secret);
          } else {
            announce.accept("TrustPipe webhook secret: see " + file);
          }
        }
      }
      return secret;
    }
  }
}
