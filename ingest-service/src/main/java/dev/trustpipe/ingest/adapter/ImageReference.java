package dev.trustpipe.ingest.adapter;

/**
 * A reference as registries write it in payloads, {@code host/repository[:tag][@digest]}, split the
 * way Docker splits it: the host is the first path segment, a tag follows the last ':' after the
 * last '/', a digest follows '@'. Values are not validated here; {@link RegistryEvent} does that.
 *
 * @param tag null when the reference has none (or an empty one, {@code ghcr.io/o/n:})
 * @param digest null when the reference has none
 */
public record ImageReference(String host, String repository, String tag, String digest) {

  /**
   * @param reference e.g. {@code europe-west1-docker.pkg.dev/p/r/img@sha256:...}; a leading {@code
   *     http://} or {@code https://} is dropped
   * @param path where the reference was found, for the error message
   */
  public static ImageReference parse(String reference, String path) {
    String rest = withoutScheme(reference);
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (tag.isEmpty()) {
        tag = null;
      }
    }
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw BadWebhookException.invalidPayload(
          path
              + " "
              + Texts.quote(reference)
              + " is not an image reference host/repository[:tag][@digest]");
    }
    return new ImageReference(rest.substring(0, slash), rest.substring(slash + 1), tag, digest);
  }

  static String withoutScheme(String value) {
    if (value.startsWith("https://")) {
      return value.substring("https://".length());
    }
    if (value.startsWith("http://")) {
      return value.substring("http://".length());
    }
    return value;
  }
}
