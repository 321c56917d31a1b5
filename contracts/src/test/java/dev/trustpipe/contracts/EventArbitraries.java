package dev.trustpipe.contracts;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Realistic values for the event records, biased towards edges (length limits, odd separators). */
final class EventArbitraries {

  private EventArbitraries() {}

  static Arbitrary<String> hosts() {
    Arbitrary<String> label =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .numeric()
            .withChars('-')
            .ofMinLength(1)
            .ofMaxLength(12)
            .filter(l -> !l.startsWith("-") && !l.endsWith("-"));
    Arbitrary<String> generated =
        Combinators.combine(
                label.list().ofMinSize(2).ofMaxSize(4),
                Arbitraries.integers().between(1, 65535).injectNull(0.5))
            .as((labels, port) -> String.join(".", labels) + (port == null ? "" : ":" + port));
    return Arbitraries.oneOf(
        Arbitraries.of(
            "registry.example.com",
            "docker.io",
            "quay.io",
            "ghcr.io",
            "127.0.0.1:5000",
            "localhost:5000",
            "localhost",
            "registry:5000",
            "Registry.Example.COM",
            "myregistry.azurecr.io",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
            "us-west1-docker.pkg.dev"),
        generated);
  }

  static Arbitrary<String> pathComponents() {
    Arbitrary<String> run =
        Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(10);
    Arbitrary<String> separator = Arbitraries.of(".", "_", "__", "-", "--", "---");
    return Combinators.combine(run, separator.list().ofMaxSize(3), run.list().ofSize(3))
        .as(
            (first, separators, rest) -> {
              StringBuilder component = new StringBuilder(first);
              for (int i = 0; i < separators.size(); i++) {
                component.append(separators.get(i)).append(rest.get(i));
              }
              return component.toString();
            });
  }

  static Arbitrary<String> repositories() {
    return Arbitraries.oneOf(
        Arbitraries.of("library/busybox", "team/app", "demo/multi", "a", "org/team/sub/app"),
        pathComponents().list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("/", parts)));
  }

  /** A GUN and its parts: host and repository from which it was made. */
  record GunParts(String gun, String host, String repository) {}

  static Arbitrary<GunParts> gunParts() {
    return Combinators.combine(hosts(), repositories())
        .as((host, repository) -> new GunParts(host + "/" + repository, host, repository))
        .filter(parts -> Gun.isValid(parts.gun()));
  }

  static Arbitrary<String> guns() {
    return gunParts().map(GunParts::gun);
  }

  static Arbitrary<String> tags() {
    Arbitrary<String> generated =
        Combinators.combine(
                Arbitraries.strings().alpha().numeric().withChars('_').ofLength(1),
                Arbitraries.strings().alpha().numeric().withChars('_', '.', '-').ofMaxLength(127))
            .as(String::concat);
    return Arbitraries.oneOf(
        Arbitraries.of("latest", "v1", "v1.2.3", "1.0.0-rc.1", "_", "x".repeat(128)),
        sha256Hex().map(hex -> "sha256-" + hex + ".sig"),
        generated);
  }

  static Arbitrary<String> sha256Hex() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).map(HexFormat.of()::formatHex);
  }

  static Arbitrary<String> digests() {
    Arbitrary<String> sha512 =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofSize(64)
            .map(bytes -> "sha512:" + HexFormat.of().formatHex(bytes));
    return Arbitraries.frequencyOf(
        Tuple.of(9, sha256Hex().map(hex -> "sha256:" + hex)), Tuple.of(1, sha512));
  }

  static Arbitrary<String> mediaTypes() {
    return Arbitraries.of(
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json");
  }

  /** Text as people and registries write it: any printable Unicode, never only spaces. */
  static Arbitrary<String> text(int maxChars) {
    Arbitrary<String> printable =
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withCharRange('\u00a0', '\u024f')
            .withCharRange('\u3040', '\u30ff')
            .withChars('\u00e9', '\u20ac')
            .ofMinLength(1)
            .ofMaxLength(maxChars)
            .filter(value -> !value.isBlank());
    Arbitrary<String> astral = Arbitraries.just("build \uD83D\uDE80 bot");
    return Arbitraries.frequencyOf(Tuple.of(19, printable), Tuple.of(1, astral));
  }

  static Arbitrary<String> actors() {
    return Arbitraries.oneOf(
        Arbitraries.of("ci-bot", "jürgen", "robot$harbor+ci", "gitlab-ci-token", "admin"),
        text(255));
  }

  static Arbitrary<String> eventIds() {
    return Arbitraries.oneOf(
        Arbitraries.randomValue(random -> new UUID(random.nextLong(), random.nextLong()))
            .map(UUID::toString),
        text(255));
  }

  static Arbitrary<String> cloudEventSources() {
    return Arbitraries.of(
        "/trustpipe/ingest-service",
        "/trustpipe/signing-service",
        "urn:trustpipe:timestamp-service",
        "https://trustpipe.example.com/ingest/harbor");
  }

  static Arbitrary<String> registrySources() {
    return Arbitraries.of(
        "distribution",
        "gitlab",
        "harbor",
        "dockerhub",
        "quay",
        "acr",
        "github",
        "artifactory",
        "ecr",
        "gar");
  }

  static Arbitrary<Instant> instants() {
    Arbitrary<Instant> typical =
        Combinators.combine(
                Arbitraries.longs()
                    .between(
                        Instant.parse("2015-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("2100-01-01T00:00:00Z").getEpochSecond()),
                Arbitraries.oneOf(
                    Arbitraries.just(0), Arbitraries.integers().between(0, 999_999_999)))
            .as(Instant::ofEpochSecond);
    Arbitrary<Instant> edges =
        Arbitraries.of(
            Instant.parse("0001-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.EPOCH);
    return Arbitraries.frequencyOf(Tuple.of(19, typical), Tuple.of(1, edges));
  }

  static Arbitrary<String> roles() {
    return Arbitraries.of(
        "root", "targets", "snapshot", "timestamp", "targets/releases", "targets/ci/nightly");
  }

  static Arbitrary<ImagePushed> imagePushed() {
    Arbitrary<DigestResolution> resolution = Arbitraries.of(DigestResolution.class);
    return Combinators.combine(
            gunParts(),
            tags().injectNull(0.2),
            digests(),
            resolution,
            mediaTypes().injectNull(0.3),
            Arbitraries.longs().between(0, Long.MAX_VALUE).injectNull(0.3),
            actors().injectNull(0.3),
            Combinators.combine(registrySources(), eventIds(), instants()).as(List::of))
        .as(
            (parts, tag, digest, digestResolution, mediaType, size, actor, rest) -> {
              DigestResolution effective =
                  digestResolution == DigestResolution.REQUIRED && tag == null
                      ? DigestResolution.REPORTED
                      : digestResolution;
              return new ImagePushed(
                  parts.gun(),
                  parts.host(),
                  parts.repository(),
                  tag,
                  effective == DigestResolution.REQUIRED ? null : digest,
                  effective,
                  mediaType,
                  size,
                  actor,
                  (String) rest.get(0),
                  (String) rest.get(1),
                  (Instant) rest.get(2));
            });
  }

  static Arbitrary<TagDeleted> tagDeleted() {
    return Combinators.combine(
            gunParts(),
            tags().injectNull(0.3),
            digests().injectNull(0.3),
            actors().injectNull(0.3),
            registrySources(),
            eventIds(),
            instants())
        .as(
            (parts, tag, digest, actor, source, eventId, occurredAt) ->
                new TagDeleted(
                    parts.gun(),
                    parts.host(),
                    parts.repository(),
                    tag == null && digest == null ? "latest" : tag,
                    digest,
                    actor,
                    source,
                    eventId,
                    occurredAt));
  }

  static Arbitrary<TrustChanged> trustChanged() {
    Arbitrary<TrustChanged.Target> target =
        Combinators.combine(
                Arbitraries.oneOf(tags(), text(255)),
                digests(),
                Arbitraries.longs().between(0, Long.MAX_VALUE))
            .as(TrustChanged.Target::new);
    Arbitrary<List<TrustChanged.Target>> added =
        target.list().ofMaxSize(5).uniqueElements(TrustChanged.Target::name);
    return Combinators.combine(
            guns(),
            roles(),
            Arbitraries.integers().between(1, Integer.MAX_VALUE),
            sha256Hex(),
            instants(),
            added,
            tags().list().ofMaxSize(5).uniqueElements(),
            Combinators.combine(
                    sha256Hex().list().ofMinSize(1).ofMaxSize(3).uniqueElements(),
                    Arbitraries.of(ChangeCause.class),
                    eventIds().list().ofMinSize(1).ofMaxSize(4).uniqueElements())
                .as(List::of))
        .as(
            (gun, role, version, sha256, expires, targetsAdded, removed, rest) -> {
              @SuppressWarnings("unchecked")
              List<String> keyIds = (List<String>) rest.get(0);
              @SuppressWarnings("unchecked")
              List<String> causes = (List<String>) rest.get(2);
              List<String> targetsRemoved =
                  removed.stream()
                      .filter(name -> targetsAdded.stream().noneMatch(t -> t.name().equals(name)))
                      .toList();
              ChangeCause cause = (ChangeCause) rest.get(1);
              boolean oci = cause == ChangeCause.OCI_SIGNATURE;
              return new TrustChanged(
                  gun,
                  oci ? TrustChanged.SIGSTORE_ROLE : role,
                  version,
                  sha256,
                  oci ? null : expires,
                  targetsAdded,
                  targetsRemoved,
                  keyIds,
                  cause,
                  causes);
            });
  }

  static Arbitrary<KeyRotated> keyRotated() {
    return Combinators.combine(
            guns(), roles(), sha256Hex().list().ofSize(2).uniqueElements(), actors())
        .as(
            (gun, role, keyIds, actor) ->
                new KeyRotated(gun, role, keyIds.get(0), keyIds.get(1), actor));
  }

  /** Rejections carry whatever was wrong: any characters, oversized payloads, invalid GUNs. */
  static Arbitrary<EventRejected> eventRejected() {
    Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(300);
    Arbitrary<String> payload =
        Arbitraries.oneOf(
            Arbitraries.strings().all().ofMaxLength(2000),
            // Around the 64 KiB limit in 3-byte characters; built directly, per-character
            // generation of 20k-character strings is slow.
            Arbitraries.randomValue(
                random -> {
                  StringBuilder large = new StringBuilder();
                  int length = 21_000 + random.nextInt(2_000);
                  for (int i = 0; i < length; i++) {
                    large.append((char) ('\u0800' + random.nextInt(0x100)));
                  }
                  return large.toString();
                }));
    return Combinators.combine(
            eventIds().injectNull(0.3),
            Arbitraries.oneOf(guns(), anything).injectNull(0.3),
            anything.filter(reason -> !reason.isBlank()),
            payload,
            Arbitraries.of(false, true),
            Arbitraries.of(RejectionStage.class))
        .as(EventRejected::new);
  }

  static Arbitrary<EventData> anyEventData() {
    return Arbitraries.oneOf(
        imagePushed(), tagDeleted(), trustChanged(), keyRotated(), eventRejected());
  }

  static Arbitrary<CloudEvent<EventData>> cloudEvents() {
    return Combinators.combine(eventIds(), cloudEventSources(), instants(), anyEventData())
        .as(CloudEvent::of);
  }
}
