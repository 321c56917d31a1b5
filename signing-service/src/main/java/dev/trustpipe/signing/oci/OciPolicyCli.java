package dev.trustpipe.signing.oci;

import dev.trustpipe.contracts.Gun;
import dev.trustpipe.signing.operator.SigningServiceEndpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code ./trustpipe oci-policy [--registries-d | --output DIR] <gun>...}: asks a running
 * signing-service for each repository's OCI public key and prints the containers policy.json
 * ({@link OciPolicy}) that verifies its signatures, or the registries.d entry ({@code
 * --registries-d}), or writes both ({@code --output DIR}: {@code DIR/policy.json} and {@code
 * DIR/registries.d/trustpipe.yaml}).
 *
 * <p>Settings: {@code TRUSTPIPE_NOTARY_URL} (default {@code https://127.0.0.1:4443}) and the CA
 * that signed its certificate, {@code TRUSTPIPE_TLS_CA} (default {@code
 * $TRUSTPIPE_HOME/tls/ca.crt}).
 */
public final class OciPolicyCli {
  static final String USAGE =
      "usage: ./trustpipe oci-policy [--registries-d | --output DIR] <gun>...\n"
          + "  prints the containers policy.json that verifies TrustPipe's OCI signatures of each\n"
          + "  repository (sigstoreSigned, keyData, matchRepoDigestOrExact); --registries-d prints\n"
          + "  the registries.d entry (use-sigstore-attachments: true) instead; --output DIR\n"
          + "  writes DIR/policy.json and DIR/registries.d/trustpipe.yaml\n";

  private OciPolicyCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System::getenv, System.out, System.err));
  }

  /** Runs the command; returns the exit status (0 ok, 1 failure, 2 usage). */
  public static int run(
      String[] args, Function<String, String> env, PrintStream out, PrintStream err) {
    boolean registriesD = false;
    Path output = null;
    List<String> guns = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          out.print(USAGE);
          return 0;
        }
        case "--registries-d" -> registriesD = true;
        case "--output" -> {
          if (i + 1 >= args.length) {
            err.print("oci-policy: --output needs a directory\n" + USAGE);
            return 2;
          }
          output = Path.of(args[++i]);
        }
        default -> {
          if (args[i].startsWith("-")) {
            err.print("oci-policy: unknown option " + args[i] + "\n" + USAGE);
            return 2;
          }
          guns.add(args[i]);
        }
      }
    }
    if (guns.isEmpty()) {
      err.print("oci-policy: name at least one repository (GUN)\n" + USAGE);
      return 2;
    }
    for (String gun : guns) {
      var problem = Gun.problem(gun);
      if (problem.isPresent()) {
        err.println("oci-policy: gun " + problem.get());
        return 2;
      }
    }
    try {
      if (registriesD && output == null) {
        out.print(OciPolicy.registriesD(guns));
        return 0;
      }
      Map<String, String> keys = fetchKeys(guns, env);
      String policy = OciPolicy.policyJson(keys);
      if (output == null) {
        out.print(policy);
        return 0;
      }
      Path registries = output.resolve("registries.d");
      Files.createDirectories(registries);
      Files.writeString(output.resolve("policy.json"), policy);
      Files.writeString(registries.resolve("trustpipe.yaml"), OciPolicy.registriesD(guns));
      out.println("wrote " + output.resolve("policy.json"));
      out.println("wrote " + registries.resolve("trustpipe.yaml"));
      out.println(
          "verify with: skopeo --policy "
              + output.resolve("policy.json")
              + " --registries.d "
              + registries
              + " copy docker://<gun>:<tag> dir:/tmp/image");
      return 0;
    } catch (IOException | GeneralSecurityException e) {
      err.println("oci-policy: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("oci-policy: interrupted");
      return 1;
    }
  }

  private static Map<String, String> fetchKeys(List<String> guns, Function<String, String> env)
      throws IOException, GeneralSecurityException, InterruptedException {
    SigningServiceEndpoint endpoint = SigningServiceEndpoint.fromEnvironment(env);
    String base = endpoint.baseUrl();
    HttpClient http = endpoint.http();
    Map<String, String> keys = new LinkedHashMap<>();
    for (String gun : guns) {
      URI uri =
          URI.create(
              base
                  + "/api/v1/oci/public-key?gun="
                  + URLEncoder.encode(gun, StandardCharsets.UTF_8));
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(
            uri + " answered HTTP " + response.statusCode() + ": " + response.body());
      }
      keys.put(gun, response.body());
    }
    return keys;
  }
}
