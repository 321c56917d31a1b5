package dev.trustpipe.tuf.testing;

import dev.trustpipe.tuf.crypto.LocalSigners;
import dev.trustpipe.tuf.crypto.TufSigner;
import dev.trustpipe.tuf.model.Hashes;
import dev.trustpipe.tuf.repo.CurrentMetadata;
import dev.trustpipe.tuf.repo.ExpiryPolicy;
import dev.trustpipe.tuf.repo.ManagedRepository;
import dev.trustpipe.tuf.repo.RepositorySigners;
import dev.trustpipe.tuf.repo.TargetChange;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Fresh keys and a managed repository made at a fixed time, for tests. */
public final class TestRepositories {
  public static final String GUN = "registry.example.com/team/app";
  public static final Instant NOW = Instant.parse("2026-11-22T18:03:51.746124993Z");

  private static final SecureRandom RANDOM = new SecureRandom();
  // Key generation is the slow part of these tests: make one set per JVM.
  private static final RepositorySigners SIGNERS =
      new RepositorySigners(
          LocalSigners.generateEcdsa(RANDOM),
          LocalSigners.generateEcdsa(RANDOM),
          LocalSigners.generateEcdsa(RANDOM),
          LocalSigners.generateEcdsa(RANDOM),
          LocalSigners.generateEd25519(RANDOM));

  private TestRepositories() {}

  public static RepositorySigners signers() {
    return SIGNERS;
  }

  public static TufSigner otherEcdsaSigner() {
    return LocalSigners.generateEcdsa(RANDOM);
  }

  public static Clock clockAt(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  public static ExpiryPolicy policyAt(Instant instant) {
    return ExpiryPolicy.defaults(clockAt(instant));
  }

  public static CurrentMetadata created() {
    return CurrentMetadata.of(new ManagedRepository().create(GUN, SIGNERS, policyAt(NOW)));
  }

  /** A Put of a fake manifest whose bytes are {@code content}. */
  public static TargetChange.Put put(String name, String content) {
    byte[] manifest = content.getBytes(StandardCharsets.UTF_8);
    Hashes hashes = Hashes.of(manifest);
    return new TargetChange.Put(
        name, manifest.length, hashes.sha256(), hashes.sha512().orElseThrow());
  }
}
