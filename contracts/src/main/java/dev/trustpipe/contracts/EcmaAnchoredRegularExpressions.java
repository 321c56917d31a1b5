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
    return value -> pattern.matcher(value).find();
  }

  static Pattern compile(String regex) {
    boolean endAnchored = regex.endsWith("$") && !regex.endsWith("\\$");
    return Pattern.compile(endAnchored ? regex.substring(0, regex.length() - 1) + "\\z" : regex);
  }
}
