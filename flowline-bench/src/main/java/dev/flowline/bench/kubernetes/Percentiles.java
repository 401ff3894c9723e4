package dev.flowline.bench.kubernetes;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Order statistics of a sample (nearest rank: p50 of 1..4 is 2, of 1..5 is 3), in the sample's
 * unit.
 *
 * @param values the sample, sorted
 */
public record Percentiles(double[] values) {
  /** The statistics of {@code sample} (values that are not numbers are dropped). */
  public static Percentiles of(Collection<Double> sample) {
    return new Percentiles(
        sample.stream()
            .filter(v -> v != null && !v.isNaN())
            .mapToDouble(Double::doubleValue)
            .sorted()
            .toArray());
  }

  /** The sample's size. */
  public int count() {
    return values.length;
  }

  /**
   * The smallest value at or above fraction {@code p} (0 &lt; p &lt;= 1) of the sample; NaN when
   * empty.
   */
  public double at(double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * values.length);
    return values[Math.max(0, Math.min(values.length, rank) - 1)];
  }

  /** The largest value; NaN when empty. */
  public double max() {
    return values.length == 0 ? Double.NaN : values[values.length - 1];
  }

  /** The mean; NaN when empty. */
  public double mean() {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }

  /** count, p50, p90, p99, max and mean, for a report. */
  public Map<String, Object> summary() {
    var m = new LinkedHashMap<String, Object>();
    m.put("count", count());
    m.put("p50", round(at(0.5)));
    m.put("p90", round(at(0.9)));
    m.put("p99", round(at(0.99)));
    m.put("max", round(max()));
    m.put("mean", round(mean()));
    return m;
  }

  /** {@code p50 / p90 / max} with one decimal. */
  public String brief() {
    return String.format("%.1f / %.1f / %.1f", at(0.5), at(0.9), max());
  }

  private static double round(double v) {
    return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
  }
}
