package dev.trustpipe.bench.custody;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.custody.local.LocalKeystoreCustody;
import dev.trustpipe.custody.pkcs11.Pkcs11Custody;
import dev.trustpipe.custody.vault.VaultAuth;
import dev.trustpipe.custody.vault.VaultSettings;
import dev.trustpipe.custody.vault.VaultTransitCustody;
import dev.trustpipe.testkit.pkcs11.SoftHsmToken;
import dev.trustpipe.testkit.vault.FakeVaultTransitServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Signatures per second of each custody backend on one thread, one {@code sign} call at a time
 * ("single") and {@code signBatch} of 100 ("batch"), for ECDSA P-256 (the default key type) and
 * RSA-2048. Messages are 300-byte canonical-JSON-sized documents. Usage: {@code CustodyThroughput
 * <seconds-per-case> <warmup-seconds>}; {@code bench/custody/run.sh} sets up SOFTHSM2_CONF.
 */
public final class CustodyThroughput {

  private static final int BATCH = 100;

  private CustodyThroughput() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    double warmup = args.length > 1 ? Double.parseDouble(args[1]) : 2;
    List<byte[]> messages =
        IntStream.range(0, BATCH)
            .mapToObj(i -> document(i).getBytes(StandardCharsets.UTF_8))
            .toList();
    System.out.printf(
        Locale.ROOT,
        "java %s, %d cores, %.1f s per case after %.1f s warm-up, one thread%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        seconds,
        warmup);
    System.out.printf(
        Locale.ROOT, "%-34s %-11s %12s %12s%n", "backend", "key", "single/s", "batch100/s");

    Path dir = Files.createTempDirectory("custody-bench");
    LocalKeystoreCustody local =
        new LocalKeystoreCustody(
            dir.resolve("keys"),
            "bench".toCharArray(),
            Clock.systemUTC(),
            LocalKeystoreCustody.MIN_PBKDF2_ITERATIONS);
    run("local keystore (BC)", local, messages, seconds, warmup);

    try (FakeVaultTransitServer server = FakeVaultTransitServer.start()) {
      VaultTransitCustody vault =
          new VaultTransitCustody(
              VaultSettings.of(server.address(), new VaultAuth.Token(server.rootToken())),
              Clock.systemUTC());
      run("vault transit (in-process server)", vault, messages, seconds, warmup);
    }

    Pkcs11Custody pkcs11;
    try {
      SoftHsmToken token = SoftHsmToken.shared();
      pkcs11 = Pkcs11Custody.openConfig(token.sunPkcs11Config(), token.pin(), Clock.systemUTC());
    } catch (RuntimeException e) {
      System.out.println("softhsm2 via SunPKCS11: skipped (" + e.getMessage() + ")");
      return;
    }
    run("softhsm2 via SunPKCS11", pkcs11, messages, seconds, warmup);
  }

  private static void run(
      String name, KeyCustody custody, List<byte[]> messages, double seconds, double warmup)
      throws CustodyException {
    for (KeyAlgorithm algorithm : List.of(KeyAlgorithm.ECDSA_P256, KeyAlgorithm.RSA_2048)) {
      SigningKey key =
          custody.create("bench-" + algorithm.id() + "-" + System.nanoTime(), algorithm);
      measureSingle(key, messages, warmup);
      double single = measureSingle(key, messages, seconds);
      measureBatch(key, messages, warmup);
      double batch = measureBatch(key, messages, seconds);
      System.out.printf(
          Locale.ROOT, "%-34s %-11s %12.0f %12.0f%n", name, algorithm.id(), single, batch);
    }
  }

  private static double measureSingle(SigningKey key, List<byte[]> messages, double seconds)
      throws CustodyException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    long count = 0;
    while (System.nanoTime() < end) {
      key.sign(messages.get((int) (count % messages.size())));
      count++;
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static double measureBatch(SigningKey key, List<byte[]> messages, double seconds)
      throws CustodyException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    long count = 0;
    do {
      count += key.signBatch(messages).size();
    } while (System.nanoTime() < end);
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static String document(int i) {
    StringBuilder json =
        new StringBuilder(
            "{\"_type\":\"Targets\",\"delegations\":{},\"expires\":\"2029-01-01T00:00:00Z\",\"targets\":{");
    json.append("\"v").append(i).append("\":{\"hashes\":{\"sha256\":\"");
    json.append("0123456789abcdef".repeat(4))
        .append("\"},\"length\":")
        .append(1000 + i)
        .append("}");
    json.append(",\"pad\":\"").append("x".repeat(Math.max(0, 260 - json.length()))).append('"');
    return json.append("},\"version\":").append(i).append("}").toString();
  }
}
