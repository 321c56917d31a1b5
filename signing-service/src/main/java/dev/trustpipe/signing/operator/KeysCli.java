package dev.trustpipe.signing.operator;

import dev.trustpipe.contracts.Gun;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code ./trustpipe keys list <gun>} and {@code ./trustpipe keys rotate <gun> <role> [--actor
 * NAME]}: the key operator API ({@link KeyRotationController}) of a running signing-service. The
 * operator token comes from {@code TRUSTPIPE_OPERATOR_TOKEN}, or the file {@code
 * TRUSTPIPE_OPERATOR_TOKEN_FILE} (default {@code $TRUSTPIPE_HOME/operator-token}); the endpoint
 * from {@link SigningServiceEndpoint}.
 */
public final class KeysCli {
  static final String USAGE =
      "usage: ./trustpipe keys list <gun>\n"
          + "       ./trustpipe keys rotate <gun> <role> [--actor NAME]\n"
          + "  list: the current key id, type and custody reference of each role\n"
          + "  rotate: a new key for role (root, targets, targets/releases, snapshot, timestamp);\n"
          + "  root is re-signed by the old and the new root key, so clients that trusted the\n"
          + "  old keys keep verifying; the rotation is audited as key-rotation (key.rotated.v1)\n"
          + "  settings: TRUSTPIPE_NOTARY_URL (https://127.0.0.1:4443), TRUSTPIPE_TLS_CA,\n"
          + "  TRUSTPIPE_OPERATOR_TOKEN or TRUSTPIPE_OPERATOR_TOKEN_FILE\n"
          + "  ($TRUSTPIPE_HOME/operator-token)\n";

  private KeysCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System::getenv, System.out, System.err));
  }

  /** Runs the command; returns the exit status (0 ok, 1 failure, 2 usage). */
  public static int run(
      String[] args, Function<String, String> env, PrintStream out, PrintStream err) {
    List<String> positional = new ArrayList<>();
    String actor = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          out.print(USAGE);
          return 0;
        }
        case "--actor" -> {
          if (i + 1 >= args.length) {
            err.print("keys: --actor needs a name\n" + USAGE);
            return 2;
          }
          actor = args[++i];
        }
        default -> {
          if (args[i].startsWith("-")) {
            err.print("keys: unknown option " + args[i] + "\n" + USAGE);
            return 2;
          }
          positional.add(args[i]);
        }
      }
    }
    if (positional.isEmpty()) {
      err.print(USAGE);
      return 2;
    }
    String command = positional.get(0);
    boolean list = command.equals("list") && positional.size() == 2;
    boolean rotate = command.equals("rotate") && positional.size() == 3;
    if (!list && !rotate) {
      err.print("keys: expected list <gun> or rotate <gun> <role>\n" + USAGE);
      return 2;
    }
    String gun = positional.get(1);
    var problem = Gun.problem(gun);
    if (problem.isPresent()) {
      err.println("keys: gun " + problem.get());
      return 2;
    }
    try {
      SigningServiceEndpoint endpoint = SigningServiceEndpoint.fromEnvironment(env);
      String token = token(env, endpoint.home());
      String query = "gun=" + encode(gun);
      HttpRequest.Builder request;
      if (list) {
        request = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "/api/v1/keys?" + query));
      } else {
        query += "&role=" + encode(positional.get(2));
        query += "&actor=" + encode(actor != null ? actor : defaultActor(env));
        request =
            HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "/api/v1/keys/rotate?" + query))
                .POST(HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response =
          endpoint
              .http()
              .send(
                  request
                      .timeout(Duration.ofSeconds(60))
                      .header("Authorization", "Bearer " + token)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        err.println("keys: HTTP " + response.statusCode() + ": " + response.body());
        return 1;
      }
      out.println(response.body());
      return 0;
    } catch (IOException | GeneralSecurityException e) {
      err.println("keys: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("keys: interrupted");
      return 1;
    }
  }

  private static String token(Function<String, String> env, Path home) throws IOException {
    String token = env.apply("TRUSTPIPE_OPERATOR_TOKEN");
    if (token != null && !token.isBlank()) {
      return token.strip();
    }
    String fileSetting = env.apply("TRUSTPIPE_OPERATOR_TOKEN_FILE");
    Path file =
        fileSetting == null || fileSetting.isBlank()
            ? home.resolve("operator-token")
            : Path.of(fileSetting.strip());
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "no operator token: set TRUSTPIPE_OPERATOR_TOKEN or TRUSTPIPE_OPERATOR_TOKEN_FILE (looked"
              + " for "
              + file
              + ")");
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .findFirst()
        .orElseThrow(() -> new IOException("the operator token file " + file + " is empty"));
  }

  private static String defaultActor(Function<String, String> env) {
    String user = env.apply("USER");
    return "operator:" + (user == null || user.isBlank() ? "cli" : user.strip());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
