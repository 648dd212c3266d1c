package io.lfsbeam.search.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.lfsbeam.options.Choice;

/**
 * The two search spaces of the modulating factor (METHOD §2) and how a raw draw x maps to a.
 *
 * <p>GLOBAL: one a = −|x|·e^{s/3} for every sample; with x near ±1 this is about CosFace m = 1/3.
 * LOCAL: one a_j = −|x_j|·e^{s/2} per equal bin of p over [0, 1] (the official code's variant; the
 * larger exponent is its choice). The absolute value keeps a ≤ 0 whatever the sign of x, which is
 * what makes every draw a valid margin.
 */
public enum SearchSpace implements Choice {
  GLOBAL(3.0),
  LOCAL(2.0);

  /** Default number of bins of the local space (METHOD §2). */
  public static final int DEFAULT_LOCAL_BINS = 10;

  private final double exponentDivisor;

  SearchSpace(double exponentDivisor) {
    this.exponentDivisor = exponentDivisor;
  }

  /** {@code global} or {@code local}, any case (the CLI's {@code --space}). */
  @JsonCreator
  public static SearchSpace parse(String text) {
    return Choice.parse(SearchSpace.class, text);
  }

  /** e^{s/3} (global) or e^{s/2} (local): the magnitude of a when |x| = 1. */
  public double amplitude(double scale) {
    return StrictMath.exp(scale / exponentDivisor); // StrictMath: same a on every JVM
  }

  /** a = −|x|·amplitude, per component. */
  public double[] modulatingFactors(double[] x, double scale) {
    double amplitude = amplitude(scale);
    double[] a = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      a[j] = -Math.abs(x[j]) * amplitude;
    }
    return a;
  }
}
