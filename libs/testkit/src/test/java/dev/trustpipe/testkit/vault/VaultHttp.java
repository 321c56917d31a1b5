package dev.trustpipe.testkit.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A bare HTTP client for Vault's API, so tests see exactly what the server answers. */
final class VaultHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  record Reply(int status, JsonNode body) {}

  private final URI address;
  private final HttpClient client = HttpClient.newHttpClient();

  VaultHttp(URI address) {
    this.address = address;
  }

  Reply get(String path, String token) throws IOException, InterruptedException {
    return send("GET", path, null, token);
  }

  Reply post(String path, String json, String token) throws IOException, InterruptedException {
    return send("POST", path, json, token);
  }

  private Reply send(String method, String path, String json, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(address.resolve("/v1/" + path));
    if (token != null) {
      request.header("X-Vault-Token", token);
    }
    request.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    return new Reply(
        response.statusCode(), body == null || body.isEmpty() ? null : JSON.readTree(body));
  }
}
