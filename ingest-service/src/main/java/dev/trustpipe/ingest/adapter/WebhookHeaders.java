package dev.trustpipe.ingest.adapter;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Request headers by case-insensitive name; a repeated header keeps every value in order. */
public final class WebhookHeaders {

  private final Map<String, List<String>> values;

  private WebhookHeaders(Map<String, List<String>> values) {
    this.values = values;
  }

  public static WebhookHeaders of(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, list) -> copy.merge(name, List.copyOf(list), (a, b) -> concat(a, b)));
    return new WebhookHeaders(Collections.unmodifiableMap(copy));
  }

  /** Single-valued headers, e.g. {@code Map.of("Content-Type", "application/json")}. */
  public static WebhookHeaders ofSingle(Map<String, String> headers) {
    Map<String, List<String>> lists = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, value) -> lists.put(name, List.of(value)));
    return of(lists);
  }

  public static WebhookHeaders empty() {
    return new WebhookHeaders(Map.of());
  }

  /** The first value of {@code name}. */
  public Optional<String> first(String name) {
    List<String> list = values.get(name);
    return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  /** The Content-Type's media type, lowercase, without parameters. */
  public Optional<String> mediaType() {
    return first("Content-Type")
        .map(value -> value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
        .filter(type -> !type.isEmpty());
  }

  /** Header names only: values may be credentials. */
  @Override
  public String toString() {
    return "WebhookHeaders" + values.keySet();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
