package dev.trustpipe.contracts;

import static dev.trustpipe.contracts.FieldChecks.quote;

import java.util.Objects;
import java.util.Optional;

/**
 * A Globally Unique Name: the fully qualified repository name a docker client uses and the Notary
 * repository it addresses, e.g. {@code registry.example.com/team/app} or {@code
 * docker.io/library/busybox}. It is the Kafka key of every event about that repository and a path
 * in the Notary URL space, so the rules are strict: 1..255 bytes, no control characters, no {@code
 * *}, no {@code ..} segment, no leading or trailing {@code /}, and Docker's reference grammar: a
 * registry host {@code host[:port]} that Docker recognises as a host (it contains a '.' or a
 * ':port', or is {@code localhost}), then one or more lowercase path components.
 *
 * <p>Requiring the host keeps one repository from having two names ({@code team/app} and {@code
 * docker.io/team/app}), which would split its trust data in two.
 */
public record Gun(String value) {

  public static final int MAX_BYTES = 255;

  public Gun {
    Objects.requireNonNull(value, "GUN is required");
    problem(value)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("GUN " + problem);
            });
  }

  public static Gun of(String value) {
    return new Gun(value);
  }

  public static boolean isValid(String value) {
    return value != null && problem(value).isEmpty();
  }

  /** Why {@code value} is not a GUN, phrased to follow "GUN ", or empty when it is one. */
  public static Optional<String> problem(String value) {
    if (value.isEmpty()) {
      return Optional.of("is empty");
    }
    int bytes = FieldChecks.utf8Length(value);
    if (bytes > MAX_BYTES) {
      return Optional.of("is " + bytes + " bytes in UTF-8; at most " + MAX_BYTES + " are allowed");
    }
    int control = FieldChecks.firstControlCharacter(value);
    if (control >= 0) {
      return Optional.of(quote(value) + " " + FieldChecks.describeControlCharacter(value, control));
    }
    if (value.indexOf('*') >= 0) {
      return Optional.of(quote(value) + " contains '*'; a GUN names one repository, not a pattern");
    }
    if (value.startsWith("/") || value.endsWith("/")) {
      return Optional.of(quote(value) + " must not start or end with '/'");
    }
    for (String segment : value.split("/", -1)) {
      if (segment.equals("..")) {
        return Optional.of(quote(value) + " contains a '..' path segment");
      }
    }
    int slash = value.indexOf('/');
    if (slash < 0) {
      return Optional.of(
          quote(value)
              + " has no repository path; expected host/path, e.g. registry.example.com/app");
    }
    String host = value.substring(0, slash);
    if (!RegistryNames.looksLikeRegistryHost(host)) {
      return Optional.of(
          quote(value)
              + " does not start with a registry host: "
              + quote(host)
              + " has no '.' or ':port' and is not localhost (write e.g. docker.io/"
              + value
              + ")");
    }
    Optional<String> hostProblem = RegistryNames.hostProblem(host);
    if (hostProblem.isPresent()) {
      return Optional.of("host " + hostProblem.get());
    }
    return RegistryNames.repositoryProblem(value.substring(slash + 1))
        .map(problem -> "repository path " + problem);
  }

  /** The registry part, {@code host[:port]}. */
  public String host() {
    return value.substring(0, value.indexOf('/'));
  }

  /** The repository path after the host, e.g. {@code team/app}. */
  public String path() {
    return value.substring(value.indexOf('/') + 1);
  }

  @Override
  public String toString() {
    return value;
  }
}
