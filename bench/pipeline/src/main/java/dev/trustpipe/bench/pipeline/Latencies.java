package dev.trustpipe.bench.pipeline;

import java.util.Arrays;

/** Percentiles (nearest rank) of a set of durations in nanoseconds, reported in milliseconds. */
record Latencies(
    int count, double p50, double p90, double p99, double p999, double max, double mean) {

  static Latencies of(long[] nanos) {
    if (nanos.length == 0) {
      return new Latencies(
          0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long n : sorted) {
      sum += n;
    }
    return new Latencies(
        sorted.length,
        millis(rank(sorted, 0.50)),
        millis(rank(sorted, 0.90)),
        millis(rank(sorted, 0.99)),
        millis(rank(sorted, 0.999)),
        millis(sorted[sorted.length - 1]),
        Math.round(sum / sorted.length / 1e5) / 10.0);
  }

  private static long rank(long[] sorted, double quantile) {
    int rank = (int) Math.ceil(quantile * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e5) / 10.0;
  }

  String describe() {
    return String.format(
        "n=%d p50=%.1fms p90=%.1fms p99=%.1fms p99.9=%.1fms max=%.1fms mean=%.1fms",
        count, p50, p90, p99, p999, max, mean);
  }
}
