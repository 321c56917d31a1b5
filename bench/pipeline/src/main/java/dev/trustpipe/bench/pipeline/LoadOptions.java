package dev.trustpipe.bench.pipeline;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one {@link PipelineLoad} run does, parsed from {@code --name=value} arguments.
 *
 * @param bootstrap Kafka bootstrap servers of the running signing-service
 * @param notaryUrl base URL of its Notary API, e.g. {@code https://127.0.0.1:4446}
 * @param caCertificate the CA that signed the service's TLS certificate
 * @param scenario a label; also part of every tag and registry event id, so scenarios of one run
 *     never collide
 * @param runId names the GUNs; two invocations with the same run id and GUN count share GUNs
 * @param guns how many GUNs the events are spread over (uniformly at random, fixed seed)
 * @param rate events per second on an open-loop schedule; 0 = as fast as possible
 * @param events how many measured events to send
 * @param sampleEvery HTTPS-check every n-th event once it is visible on Kafka; 0 = none
 * @param finalSamples events checked over HTTPS after the backlog drained
 * @param warmUpRounds pushes per GUN before measuring, each round waited for (round 1 creates the
 *     repositories)
 * @param setupTimeout how long each warm-up round may take
 * @param drainTimeout how long after the last send the run waits for visibility
 * @param report where to write the summary as JSON (optional)
 */
record LoadOptions(
    String bootstrap,
    URI notaryUrl,
    Path caCertificate,
    String scenario,
    String runId,
    int guns,
    double rate,
    int events,
    int sampleEvery,
    int finalSamples,
    int warmUpRounds,
    Duration setupTimeout,
    Duration drainTimeout,
    Path report) {

  private static final Set<String> KNOWN =
      Set.of(
          "bootstrap",
          "notary-url",
          "ca-cert",
          "scenario",
          "run-id",
          "guns",
          "rate",
          "duration",
          "events",
          "sample-every",
          "final-samples",
          "warmup-rounds",
          "setup-timeout",
          "drain-timeout",
          "report");

  static final String USAGE =
      """
      PipelineLoad --bootstrap=127.0.0.1:9092 --notary-url=https://127.0.0.1:4443
                   [--ca-cert=$TRUSTPIPE_HOME/tls/ca.crt] [--scenario=a] [--run-id=r1]
                   [--guns=1000] (--rate=200 --duration=60 | --rate=0 --events=30000)
                   [--sample-every=100] [--final-samples=50] [--warmup-rounds=1]
                   [--setup-timeout=900] [--drain-timeout=600] [--report=out.json]
        --rate=R  open-loop schedule of R events/s (events = R x duration);
        --rate=0  as fast as possible (max-throughput mode; --events sets the count)
      """;

  static LoadOptions parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      String name = arg.substring(2, arg.indexOf('='));
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      values.put(name, arg.substring(arg.indexOf('=') + 1));
    }
    String home = System.getenv().getOrDefault("TRUSTPIPE_HOME", ".trustpipe");
    double rate = Double.parseDouble(values.getOrDefault("rate", "200"));
    int events;
    if (values.containsKey("events")) {
      events = Integer.parseInt(values.get("events"));
    } else if (rate > 0) {
      events = (int) Math.round(rate * Double.parseDouble(values.getOrDefault("duration", "60")));
    } else {
      throw new IllegalArgumentException("--rate=0 (as fast as possible) needs --events");
    }
    LoadOptions options =
        new LoadOptions(
            values.getOrDefault("bootstrap", "127.0.0.1:9092"),
            URI.create(values.getOrDefault("notary-url", "https://127.0.0.1:4443")),
            Path.of(values.getOrDefault("ca-cert", home + "/tls/ca.crt")),
            values.getOrDefault("scenario", rate > 0 ? "rate" : "max"),
            values.getOrDefault("run-id", "r" + Long.toString(System.currentTimeMillis(), 36)),
            Integer.parseInt(values.getOrDefault("guns", "1000")),
            rate,
            events,
            Integer.parseInt(values.getOrDefault("sample-every", "100")),
            Integer.parseInt(values.getOrDefault("final-samples", "50")),
            Integer.parseInt(values.getOrDefault("warmup-rounds", "1")),
            Duration.ofSeconds(Long.parseLong(values.getOrDefault("setup-timeout", "900"))),
            Duration.ofSeconds(Long.parseLong(values.getOrDefault("drain-timeout", "600"))),
            values.containsKey("report") ? Path.of(values.get("report")) : null);
    if (options.guns < 1 || options.events < 1 || options.rate < 0) {
      throw new IllegalArgumentException("--guns and --events must be positive, --rate >= 0");
    }
    if (!options.scenario.matches("[a-z0-9]+") || !options.runId.matches("[a-z0-9]+")) {
      throw new IllegalArgumentException("--scenario and --run-id: lowercase letters and digits");
    }
    return options;
  }

  boolean openLoop() {
    return rate > 0;
  }
}
