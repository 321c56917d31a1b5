package dev.trustpipe.signing.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.contracts.Gun;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The containers configuration that verifies TrustPipe's OCI signatures (containers-policy.json(5)
 * and containers-registries.d(5)): for each repository a {@code sigstoreSigned} requirement with
 * its public key inline ({@code keyData}, base64 of the PEM) and {@code matchRepoDigestOrExact} (a
 * pull by tag needs a signature for exactly that tag; by digest, one for that repository), and a
 * registries.d entry that tells containers/image to look for sigstore attachments. Everything else
 * is rejected by default: merge the {@code docker} entries into an existing policy to keep its
 * other rules.
 */
public final class OciPolicy {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OciPolicy() {}

  /** policy.json for the repositories, GUN → PEM public key. */
  public static String policyJson(Map<String, String> publicKeysByGun) {
    ObjectNode policy = JSON.createObjectNode();
    policy.putArray("default").addObject().put("type", "reject");
    ObjectNode docker = policy.putObject("transports").putObject("docker");
    new TreeMap<>(publicKeysByGun)
        .forEach(
            (gun, pem) -> {
              Gun.of(gun);
              ArrayNode requirements = docker.putArray(gun);
              ObjectNode requirement = requirements.addObject();
              requirement.put("type", "sigstoreSigned");
              requirement.put(
                  "keyData",
                  Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)));
              requirement.putObject("signedIdentity").put("type", "matchRepoDigestOrExact");
            });
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(policy) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  /** A registries.d file (YAML) that turns on sigstore attachments for the repositories. */
  public static String registriesD(Iterable<String> guns) {
    StringBuilder yaml = new StringBuilder("docker:\n");
    new TreeSet<String>(toList(guns))
        .forEach(
            gun -> {
              Gun.of(gun);
              yaml.append("  ").append(gun).append(":\n");
              yaml.append("    use-sigstore-attachments: true\n");
            });
    return yaml.toString();
  }

  private static List<String> toList(Iterable<String> guns) {
    List<String> list = new ArrayList<>();
    guns.forEach(list::add);
    return list;
  }
}
