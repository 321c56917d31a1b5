package dev.trustpipe.bench.oci;

import dev.trustpipe.custody.local.LocalKeystoreCustody;
import dev.trustpipe.signing.oci.OciSigner;
import dev.trustpipe.signing.oci.OciSigningKeys;
import dev.trustpipe.signing.registry.RegistryClient;
import dev.trustpipe.signing.registry.RegistrySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * OCI signatures per second into a real registry (Distribution from Debian, started by run.sh), with
 * the signing-service's own {@link OciSigner} and the local keystore: each signature is the whole
 * bridge step for one pushed tag (GET manifest, GET .sig, sign, HEAD/PUT payload and config blobs,
 * PUT .sig manifest). Also reports the time of one such step (p50/p99): what the bridge adds after
 * the TUF signature. Repositories are signed in parallel, each by one thread at a time, as the
 * listener does (one writer per GUN).
 *
 * <p>Usage: {@code OciSignatureThroughput <registryHost> <images> <repositories> <threads>}
 */
public final class OciSignatureThroughput {
  private static final SecureRandom RANDOM = new SecureRandom();

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int images = Integer.parseInt(args[1]);
    int repositories = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    RegistryClient registry = new RegistryClient(RegistrySettings.defaults(), Clock.systemUTC());

    // images to sign: one layer + config + OCI manifest each, spread over the repositories
    List<List<String[]>> work = new ArrayList<>();
    for (int r = 0; r < repositories; r++) {
      work.add(new ArrayList<>());
    }
    for (int i = 0; i < images; i++) {
      String repository = "bench/oci" + (i % repositories);
      String digest = push(registry, host, repository);
      work.get(i % repositories).add(new String[] {repository, "t" + i, digest});
    }

    Path keys = Files.createTempDirectory("oci-bench-keys");
    LocalKeystoreCustody custody =
        new LocalKeystoreCustody(
            keys,
            "bench-passphrase".toCharArray(),
            Clock.systemUTC(),
            LocalKeystoreCustody.MIN_PBKDF2_ITERATIONS);
    OciSigner signer = new OciSigner(registry, new OciSigningKeys(custody, List.of()), Map.of());
    // warm up: the key, the registry's connections, the JIT
    signer.sign(host + "/" + work.get(0).get(0)[0], "warmup", work.get(0).get(0)[2]);

    long[] latencies = new long[images];
    int[] next = {0};
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (List<String[]> repository : work) {
      running.add(
          pool.submit(
              () -> {
                for (String[] image : repository) {
                  long t0 = System.nanoTime();
                  signer.sign(host + "/" + image[0], image[1], image[2]);
                  long took = System.nanoTime() - t0;
                  synchronized (latencies) {
                    latencies[next[0]++] = took;
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    long elapsed = System.nanoTime() - start;
    pool.shutdown();
    Arrays.sort(latencies);
    System.out.printf(
        Locale.ROOT,
        "%d OCI signatures (%d repositories, %d threads) in %.2f s: %.0f signatures/s;"
            + " per push p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        images,
        repositories,
        threads,
        elapsed / 1e9,
        images / (elapsed / 1e9),
        latencies[images / 2] / 1e6,
        latencies[(int) Math.ceil(images * 0.99) - 1] / 1e6,
        latencies[images - 1] / 1e6);
  }

  private static String push(RegistryClient registry, String host, String repository)
      throws Exception {
    byte[] layer = new byte[256];
    RANDOM.nextBytes(layer);
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
    registry.putBlob(host, repository, digest(layer), layer);
    registry.putBlob(host, repository, digest(config), config);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + digest(config)
            + "\",\"size\":"
            + config.length
            + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
            + "\"digest\":\""
            + digest(layer)
            + "\",\"size\":"
            + layer.length
            + "}]}";
    byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
    return registry.putManifest(
        host, repository, digest(bytes), "application/vnd.oci.image.manifest.v1+json", bytes);
  }

  private static String digest(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
