package dev.trustpipe.signing.oci;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * OCI-native signatures ({@code trustpipe.oci.*}; docs/configuration.md).
 *
 * @param signatures whether every signed push also gets a sigstore-format signature in its registry
 * @param ownKeyRepositories GUN prefixes, separated by commas or whitespace, whose repositories
 *     each get their own key (default: one key per registry host)
 * @param registryHosts {@code gunHost=apiHost} entries where the registry API is reached under
 *     another name than the one clients use in the GUN
 */
@ConfigurationProperties("trustpipe.oci")
public record OciProperties(
    @DefaultValue("true") boolean signatures,
    @DefaultValue("") String ownKeyRepositories,
    @DefaultValue("") String registryHosts) {

  public List<String> ownKeyPrefixes() {
    return Arrays.stream(ownKeyRepositories.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
  }

  public Map<String, String> registryHostMap() {
    Map<String, String> hosts = new HashMap<>();
    for (String entry : registryHosts.split("[,\\s]+")) {
      if (entry.isEmpty()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals <= 0 || equals == entry.length() - 1) {
        throw new IllegalArgumentException(
            "trustpipe.oci.registry-hosts entry '" + entry + "' is not gunHost=apiHost");
      }
      hosts.put(entry.substring(0, equals), entry.substring(equals + 1));
    }
    return hosts;
  }
}
