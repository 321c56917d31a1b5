package dev.trustpipe.contracts;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * Schema patterns with ECMA-262 end anchors on the JDK engine. JSON Schema patterns are ECMA-262,
 * where {@code $} matches only at the end of the input; {@code java.util.regex} also lets it match
 * before a final line terminator, so {@code "v1\n"} would pass {@code ^[A-Za-z0-9_]...$}. A
 * trailing {@code $} therefore becomes {@code \z}.
 */
final class EcmaAnchoredRegularExpressions implements RegularExpressionFactory {

  static final EcmaAnchoredRegularExpressions INSTANCE = new EcmaAnchoredRegularExpressions();

  private EcmaAnchoredRegularExpressions() {}

  @Override
  public RegularExpression getRegularExpression(String regex) {
    Pattern pattern = compile(regex);
    return value -> find(pattern, value);
  }

  /**
   * The JDK engine recurses once per repetition of a group: about 1,400 path components ({@code
   * "a/a/a..."}, a 3.5 KB event) overflow a 1 MB thread stack on the repository pattern. Only
   * values far over the schemas' maxLength get that deep; they count as not matching, so decode
   * rejects the event instead of throwing an Error at the consumer.
   */
  private static boolean find(Pattern pattern, String value) {
    try {
      return pattern.matcher(value).find();
    } catch (StackOverflowError tooDeep) {
      return false;
    }
  }

  static Pattern compile(String regex) {
    boolean endAnchored = regex.endsWith("$") && !regex.endsWith("\\$");
    return Pattern.compile(endAnchored ? regex.substring(0, regex.length() - 1) + "\\z" : regex);
  }
}
