package dev.trustpipe.bench;

import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.repo.CurrentMetadata;
import dev.trustpipe.tuf.verify.RepositoryVerifier;
import dev.trustpipe.tuf.verify.VerifiedRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Whole-repository verification as a TUF client does it, over what the real notary-server served
 * (vectors notary-ecdsa: root v5 with an ecdsa-x509 root key, targets + targets/releases ECDSA,
 * targets/qa RSA-PSS, ECDSA snapshot and timestamp): 6 files and their signatures, hashes, lengths,
 * expiries and delegations. {@code verifyCurrent} trusts the current root on first use; {@code
 * verifyWithRootChain} also walks root v1..v5; {@code parseAndVerifyCurrent} starts from the bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RepositoryVerifyBenchmark {
  /** The vectors were captured at 18:03 that day; the timestamp lives 14 days. */
  private static final Instant CAPTURED = Instant.parse("2026-11-22T18:05:00Z");

  private static final List<String> ROLES =
      List.of("root", "targets", "snapshot", "timestamp", "targets/releases", "targets/qa");

  private RepositoryVerifier verifier;
  private Map<String, byte[]> bytesByRole;
  private CurrentMetadata current;
  private List<SignedMetadata> rootChain;

  @Setup
  public void load() {
    verifier = new RepositoryVerifier(Clock.fixed(CAPTURED, ZoneOffset.UTC));
    bytesByRole = new LinkedHashMap<>();
    for (String role : ROLES) {
      bytesByRole.put(role, Vectors.current(role));
    }
    current = parse(bytesByRole);
    rootChain = new ArrayList<>();
    for (int version = 1; version <= 5; version++) {
      rootChain.add(
          SignedMetadata.parse("root", Vectors.read("history/" + version + ".root.json")));
    }
    // fail fast rather than time an exception path
    verifier.verify(rootChain, current);
  }

  private static CurrentMetadata parse(Map<String, byte[]> files) {
    List<SignedMetadata> parsed = new ArrayList<>(files.size());
    files.forEach((role, bytes) -> parsed.add(SignedMetadata.parse(role, bytes)));
    return CurrentMetadata.of(parsed);
  }

  @Benchmark
  public VerifiedRepository verifyCurrent() {
    return verifier.verify(current);
  }

  @Benchmark
  public VerifiedRepository verifyWithRootChain() {
    return verifier.verify(rootChain, current);
  }

  @Benchmark
  public VerifiedRepository parseAndVerifyCurrent() {
    return verifier.verify(parse(bytesByRole));
  }
}
