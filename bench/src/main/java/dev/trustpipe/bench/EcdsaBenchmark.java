package dev.trustpipe.bench;

import dev.trustpipe.tuf.crypto.LocalSigners;
import dev.trustpipe.tuf.crypto.SignatureMethod;
import dev.trustpipe.tuf.crypto.SignatureVerifier;
import dev.trustpipe.tuf.crypto.TufSigner;
import dev.trustpipe.tuf.model.SignedMetadata;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * ECDSA P-256 (SHA-256, raw r||s) over the canonical {@code signed} bytes of notary's targets.json
 * (~2.2 KB): one sign with an in-memory key (LocalSigners, BouncyCastle) and one verification
 * (SignatureVerifier, including decoding the public key as a client does per signature).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EcdsaBenchmark {

  private TufSigner signer;
  private byte[] message;
  private byte[] signature;

  @Setup
  public void keys() {
    signer = LocalSigners.generateEcdsa(new SecureRandom());
    message = SignedMetadata.parse("targets", Vectors.current("targets")).signedBytes();
    signature = signer.sign(message);
    if (!SignatureVerifier.verify(signer.key(), SignatureMethod.ECDSA, message, signature)) {
      throw new IllegalStateException("the benchmark's own signature does not verify");
    }
  }

  @Benchmark
  public byte[] sign() {
    return signer.sign(message);
  }

  @Benchmark
  public boolean verify() {
    return SignatureVerifier.verify(signer.key(), SignatureMethod.ECDSA, message, signature);
  }
}
