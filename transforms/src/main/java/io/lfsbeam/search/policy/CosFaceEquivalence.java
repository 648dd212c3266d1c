package io.lfsbeam.search.policy;

/**
 * The CosFace margin that a constant modulating factor a ≤ 0 is equivalent to.
 *
 * <p>CosFace with margin m is exactly the modulated loss with a = 1 − e^{s·m} (METHOD §1), so
 * m_eq(a) = ln(1 − a)/s. It turns the policy's raw, hard-to-read a (tens of thousands) into a
 * margin one can compare with the hand-tuned 0.35.
 */
public final class CosFaceEquivalence {
  private CosFaceEquivalence() {}

  /**
   * m_eq(a) = ln(1 − a)/s, computed as log1p(0 − a)/s so small |a| keeps its precision and a = 0
   * (plain softmax) reports +0, not −0.
   */
  public static double margin(double a, double scale) {
    if (a > 0) {
      throw new IllegalArgumentException("modulating factor must be <= 0, was " + a);
    }
    return StrictMath.log1p(0.0 - a) / scale;
  }

  /** The inverse: a = 1 − e^{s·m}, computed as −expm1(s·m). */
  public static double modulatingFactor(double margin, double scale) {
    return -StrictMath.expm1(scale * margin);
  }
}
