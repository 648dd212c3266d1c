package io.lfsbeam.report;

import io.lfsbeam.schemas.MarginRange;
import io.lfsbeam.search.policy.CosFaceEquivalence;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where a search could reach: the CosFace-equivalent margins m_eq = ln(1 − a)/s of the modulating
 * factors its candidates trained with, and the equivalent margin of a fixed loss to hold them
 * against.
 *
 * <p>Only losses with a constant equivalent get one: softmax and normface are a = 0, m = 0; CosFace
 * is exactly a = 1 − e^{s·m} (METHOD.md §1); the combined margin cos(m₁θ + m₃) − m₂ only without
 * its angular parts (m₁ = 1, m₃ = 0); the modulated loss is its a. ArcFace's cos θ − cos(θ + m) and
 * SphereFace's margin change with θ (ArcFace at m = 0.5: 0.35 at θ = 30°, 0.48 at 60° and 90°), so
 * no single CosFace margin stands for them and none is claimed.
 */
public final class MarginReach {
  private MarginReach() {}

  /** The range of m_eq over {@code a} at scale s, empty when no a was sampled. */
  public static Optional<MarginRange> of(List<Double> a, double scale) {
    double[] m =
        a.stream()
            .filter(v -> v != null && v <= 0 && Double.isFinite(v))
            .mapToDouble(v -> CosFaceEquivalence.margin(v, scale))
            .sorted()
            .toArray();
    if (m.length == 0) {
      return Optional.empty();
    }
    double median =
        m.length % 2 == 1 ? m[m.length / 2] : (m[m.length / 2 - 1] + m[m.length / 2]) / 2;
    return Optional.of(new MarginRange(m[0], m[m.length - 1], median, m.length));
  }

  /**
   * The CosFace-equivalent margin of the fixed loss a run's configuration records ({@code loss},
   * {@code m1}, {@code m2}, {@code m3}, {@code a}, {@code scale} of search_config.tsv); empty for a
   * search or a loss without a constant equivalent.
   */
  public static OptionalDouble ofFixed(Map<String, String> config) {
    String loss = config.get("loss");
    if (loss == null) {
      return OptionalDouble.empty();
    }
    try {
      return switch (loss) {
        case "SOFTMAX", "NORMFACE" -> OptionalDouble.of(0);
        case "COSFACE" -> OptionalDouble.of(number(config, "m2"));
        case "COMBINED" ->
            number(config, "m1") == 1 && number(config, "m3") == 0
                ? OptionalDouble.of(number(config, "m2"))
                : OptionalDouble.empty();
        case "MODULATED" ->
            OptionalDouble.of(
                CosFaceEquivalence.margin(number(config, "a"), number(config, "scale")));
        default -> OptionalDouble.empty();
      };
    } catch (NumberFormatException | NullPointerException e) {
      return OptionalDouble.empty();
    }
  }

  private static double number(Map<String, String> config, String key) {
    return Double.parseDouble(config.get(key));
  }

  /** "0.09–0.32 (median 0.27, 72 values)". */
  static String describe(MarginRange r) {
    return String.format(
        Locale.ROOT,
        "%.3f–%.3f (median %.3f, %d value%s)",
        r.getMin(),
        r.getMax(),
        r.getMedian(),
        r.getValues(),
        r.getValues() == 1 ? "" : "s");
  }

  /** The range over several runs' ranges (a method's seeds): min of mins, max of maxes. */
  static Optional<MarginRange> union(List<MarginRange> ranges) {
    if (ranges.isEmpty()) {
      return Optional.empty();
    }
    double min = ranges.stream().mapToDouble(MarginRange::getMin).min().orElseThrow();
    double max = ranges.stream().mapToDouble(MarginRange::getMax).max().orElseThrow();
    // the median of the runs' medians: the records keep no values, only their ranges
    double[] medians = ranges.stream().mapToDouble(MarginRange::getMedian).sorted().toArray();
    int n = medians.length;
    double median = n % 2 == 1 ? medians[n / 2] : (medians[n / 2 - 1] + medians[n / 2]) / 2;
    return Optional.of(
        new MarginRange(min, max, median, ranges.stream().mapToInt(MarginRange::getValues).sum()));
  }

  static boolean outside(MarginRange r, double margin) {
    return margin < r.getMin() || margin > r.getMax();
  }
}
