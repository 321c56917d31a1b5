package dev.trustpipe.contracts;

import static dev.trustpipe.contracts.FieldChecks.quote;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Docker reference grammar (distribution/reference) for the parts of an image name: a registry host
 * {@code host[:port]} and a repository path of lowercase components.
 */
final class RegistryNames {

  static final int MAX_NAME_CHARS = 255;

  private static final Pattern DOMAIN_LABEL =
      Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  private RegistryNames() {}

  /** {@code host[:port]}: dot-separated DNS labels (an IPv4 address fits), optional port. */
  static Optional<String> hostProblem(String host) {
    if (host.isEmpty()) {
      return Optional.of("is empty");
    }
    if (host.length() > MAX_NAME_CHARS) {
      return Optional.of("is " + host.length() + " characters long; at most " + MAX_NAME_CHARS);
    }
    String name = host;
    int colon = host.indexOf(':');
    if (colon >= 0) {
      String port = host.substring(colon + 1);
      if (!PORT.matcher(port).matches()
          || Integer.parseInt(port) < 1
          || Integer.parseInt(port) > 65535) {
        return Optional.of(quote(host) + " has port " + quote(port) + "; a port is 1-65535");
      }
      name = host.substring(0, colon);
    }
    for (String label : name.split("\\.", -1)) {
      if (!DOMAIN_LABEL.matcher(label).matches()) {
        return Optional.of(
            quote(host)
                + " is not a registry host: "
                + (label.isEmpty() ? "it has an empty label" : "label " + quote(label) + " is not")
                + " letters, digits and inner '-' (IPv6 literals are not supported)");
      }
    }
    return Optional.empty();
  }

  /** Docker's test for "the first component of a name is a registry, not a Docker Hub user". */
  static boolean looksLikeRegistryHost(String firstComponent) {
    return firstComponent.contains(".")
        || firstComponent.contains(":")
        || firstComponent.equals("localhost");
  }

  /** A repository path such as {@code team/app}: lowercase components joined by '/'. */
  static Optional<String> repositoryProblem(String repository) {
    if (repository.isEmpty()) {
      return Optional.of("is empty");
    }
    if (repository.length() > MAX_NAME_CHARS) {
      return Optional.of(
          "is " + repository.length() + " characters long; at most " + MAX_NAME_CHARS);
    }
    if (repository.startsWith("/") || repository.endsWith("/")) {
      return Optional.of(quote(repository) + " must not start or end with '/'");
    }
    for (String component : repository.split("/", -1)) {
      Optional<String> problem = pathComponentProblem(component);
      if (problem.isPresent()) {
        return Optional.of(quote(repository) + " " + problem.get());
      }
    }
    return Optional.empty();
  }

  static Optional<String> pathComponentProblem(String component) {
    if (component.isEmpty()) {
      return Optional.of("has an empty path segment ('//')");
    }
    if (component.equals("..") || component.equals(".")) {
      return Optional.of("has a " + quote(component) + " path segment");
    }
    if (PATH_COMPONENT.matcher(component).matches()) {
      return Optional.empty();
    }
    if (!component.equals(component.toLowerCase(java.util.Locale.ROOT))) {
      return Optional.of("has path component " + quote(component) + " with uppercase letters");
    }
    return Optional.of(
        "has path component "
            + quote(component)
            + ": lowercase letters and digits, separated by one '.', '_', '__' or any run of '-'");
  }
}
