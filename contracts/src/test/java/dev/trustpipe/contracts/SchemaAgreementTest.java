package dev.trustpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The schemas' patterns and the Java rules describe the same values, so a document the schema
 * accepts is not rejected later for a different reason. The Java rules are stricter only where a
 * pattern cannot count (port range, UTF-8 bytes) and for unpaired surrogates, which a JSON parser
 * may produce from {@code \ud800} escapes.
 */
class SchemaAgreementTest {

  private static final JsonNode DEFINITIONS =
      SchemaSupport.schemaDocument(EventType.IMAGE_PUSHED).get("$defs");

  private static final Pattern GUN = pattern("gun");
  private static final Pattern DIGEST = pattern("digest");
  private static final Pattern TAG = pattern("tag");
  private static final Pattern HOST = pattern("registryHost");
  private static final Pattern REPOSITORY = pattern("repository");
  private static final Pattern TEXT = pattern("text");

  @Property(tries = 2000)
  void gunPatternAgreesWithGunRules(@ForAll("gunLike") String candidate) {
    boolean bySchema = GUN.matcher(candidate).find() && candidate.length() <= 255;
    assertThat(Gun.isValid(candidate))
        .as(FieldChecks.quote(candidate))
        .isEqualTo(bySchema && portInRange(candidate));
  }

  @Property(tries = 1000)
  void digestPatternAgreesWithDigestRules(@ForAll("digestLike") String candidate) {
    assertThat(Digest.isValid(candidate)).as(candidate).isEqualTo(DIGEST.matcher(candidate).find());
  }

  @Property(tries = 1000)
  void tagPatternAgreesWithTagRules(@ForAll("tagLike") String candidate) {
    assertThat(Tag.isValid(candidate)).as(candidate).isEqualTo(TAG.matcher(candidate).find());
  }

  @Property(tries = 1000)
  void hostAndRepositoryPatternsAgreeWithTheirRules(@ForAll("gunLike") String candidate) {
    boolean hostBySchema = HOST.matcher(candidate).find() && candidate.length() <= 255;
    assertThat(RegistryNames.hostProblem(candidate).isEmpty())
        .as(FieldChecks.quote(candidate))
        .isEqualTo(hostBySchema && portInRange(candidate));
    boolean repositoryBySchema = REPOSITORY.matcher(candidate).find() && candidate.length() <= 255;
    assertThat(RegistryNames.repositoryProblem(candidate).isEmpty())
        .as(candidate)
        .isEqualTo(repositoryBySchema);
  }

  @Property(tries = 1000)
  void textPatternAgreesWithTextRules(@ForAll("textLike") String candidate) {
    boolean bySchema =
        TEXT.matcher(candidate).find() && candidate.codePointCount(0, candidate.length()) <= 255;
    boolean surrogatesPaired = FieldChecks.firstUnpairedSurrogate(candidate) < 0;
    assertThat(FieldChecks.textProblem(candidate, 255).isEmpty())
        .as(FieldChecks.quote(candidate) + " " + candidate.chars().boxed().toList())
        .isEqualTo(bySchema && surrogatesPaired);
  }

  @Provide
  Arbitrary<String> gunLike() {
    Arbitrary<String> mutated =
        EventArbitraries.guns()
            .flatMap(
                gun ->
                    Arbitraries.integers()
                        .between(0, gun.length())
                        .flatMap(
                            at ->
                                Arbitraries.of(
                                        "", "/", "..", ".", "*", "A", "_", "__", "-", ":", ":0",
                                        ":65536", "\u0000", "\t", "é", " ", "@", "//")
                                    .map(
                                        insert ->
                                            gun.substring(0, at) + insert + gun.substring(at))));
    Arbitrary<String> random =
        Arbitraries.strings().withChars("ab.-_/:0l*A").ofMinLength(0).ofMaxLength(30);
    return Arbitraries.oneOf(EventArbitraries.guns(), mutated, random);
  }

  @Provide
  Arbitrary<String> digestLike() {
    return Arbitraries.oneOf(
        EventArbitraries.digests(),
        EventArbitraries.digests()
            .flatMap(
                digest ->
                    Arbitraries.integers()
                        .between(0, digest.length() - 1)
                        .flatMap(
                            at ->
                                Arbitraries.of("", "A", "g", "0", ":", "sha256")
                                    .map(
                                        replacement ->
                                            digest.substring(0, at)
                                                + replacement
                                                + digest.substring(at + 1)))));
  }

  @Provide
  Arbitrary<String> tagLike() {
    return Arbitraries.oneOf(
        EventArbitraries.tags(),
        Arbitraries.strings().withChars("aZ9_.-/:é ").ofMinLength(0).ofMaxLength(130));
  }

  @Provide
  Arbitrary<String> textLike() {
    return Arbitraries.oneOf(
        EventArbitraries.text(255),
        Arbitraries.strings().all().ofMaxLength(20),
        Arbitraries.strings().withChars(" \u0000\u001f\u007f\u0085\u009f\u00a0a").ofMaxLength(10),
        Arbitraries.strings().withCharRange('a', 'c').ofMinLength(250).ofMaxLength(260));
  }

  /** Whether a {@code host:port/...} candidate's port is in range; true when there is none. */
  private static boolean portInRange(String candidate) {
    int slash = candidate.indexOf('/');
    String host = slash < 0 ? candidate : candidate.substring(0, slash);
    int colon = host.indexOf(':');
    if (colon < 0 || host.indexOf(':', colon + 1) >= 0) {
      return true;
    }
    String port = host.substring(colon + 1);
    if (!port.matches("[0-9]{1,5}")) {
      return true;
    }
    return Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
  }

  private static Pattern pattern(String definition) {
    // ECMA-262 semantics, as every JSON Schema validator applies them
    return EcmaAnchoredRegularExpressions.compile(
        DEFINITIONS.get(definition).get("pattern").textValue());
  }
}
