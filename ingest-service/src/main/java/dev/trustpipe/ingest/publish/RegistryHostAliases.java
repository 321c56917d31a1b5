package dev.trustpipe.ingest.publish;

import dev.trustpipe.contracts.Gun;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the registry host an event names to the host clients use in image names, e.g. {@code
 * 127.0.0.1:5000=localhost:5000}: the GUN is {@code <alias or host>/<repository>}. Host names are
 * compared case-insensitively.
 */
public final class RegistryHostAliases {

  private final Map<String, String> aliases;

  private RegistryHostAliases(Map<String, String> aliases) {
    this.aliases = Map.copyOf(aliases);
  }

  public static RegistryHostAliases none() {
    return new RegistryHostAliases(Map.of());
  }

  /**
   * @param spec {@code host=alias[,host=alias...]} (whitespace around entries ignored), as in
   *     {@code TRUSTPIPE_REGISTRY_ALIASES}
   * @throws IllegalArgumentException for a malformed entry or an alias that cannot start a GUN
   */
  public static RegistryHostAliases parse(String spec) {
    Map<String, String> aliases = new LinkedHashMap<>();
    if (spec != null) {
      for (String entry : spec.split(",")) {
        String trimmed = entry.trim();
        if (trimmed.isEmpty()) {
          continue;
        }
        int equals = trimmed.indexOf('=');
        if (equals <= 0 || equals == trimmed.length() - 1) {
          throw new IllegalArgumentException(
              "registry alias '"
                  + trimmed
                  + "' is not host=alias (e.g. 127.0.0.1:5000=localhost:5000)");
        }
        String host = trimmed.substring(0, equals).trim().toLowerCase(Locale.ROOT);
        String alias = trimmed.substring(equals + 1).trim();
        Gun.problem(alias + "/repository")
            .ifPresent(
                problem -> {
                  throw new IllegalArgumentException(
                      "registry alias '" + alias + "' cannot start a GUN: " + problem);
                });
        if (aliases.put(host, alias) != null) {
          throw new IllegalArgumentException("registry host '" + host + "' has two aliases");
        }
      }
    }
    return new RegistryHostAliases(aliases);
  }

  /** The host clients use for {@code host}: its alias, or itself. */
  public String clientHost(String host) {
    return aliases.getOrDefault(host.toLowerCase(Locale.ROOT), host);
  }

  public Map<String, String> asMap() {
    return aliases;
  }
}
