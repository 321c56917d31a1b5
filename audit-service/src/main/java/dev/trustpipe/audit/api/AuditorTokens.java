package dev.trustpipe.audit.api;

import dev.trustpipe.custody.BearerToken;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens that may read the audit log. Today one token with the {@code auditor} role,
 * kept in a file ({@code $TRUSTPIPE_HOME/auditor-token} in the quick start; created 0600 with a
 * random token when absent; see {@link BearerToken}). {@link #toString()} shows no token.
 */
public final class AuditorTokens {
  public static final String AUDITOR = "auditor";

  private final BearerToken auditorToken;

  private AuditorTokens(BearerToken auditorToken) {
    this.auditorToken = auditorToken;
  }

  /**
   * Reads the token from {@code file} (first non-blank line), writing a new random one first when
   * the file is absent and {@code generate} is set.
   */
  public static AuditorTokens fromFile(Path file, boolean generate) {
    return new AuditorTokens(BearerToken.fromFile(AUDITOR, file, generate));
  }

  public static AuditorTokens of(String token) {
    return new AuditorTokens(BearerToken.of(AUDITOR, token));
  }

  /** The roles of a presented token; empty when it is not a known token. */
  public Optional<Set<String>> roles(String presented) {
    return auditorToken.matches(presented) ? Optional.of(Set.of(AUDITOR)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "AuditorTokens[1 token]";
  }
}
