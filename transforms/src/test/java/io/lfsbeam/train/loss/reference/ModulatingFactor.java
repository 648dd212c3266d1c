package io.lfsbeam.train.loss.reference;

/**
 * The modulating-factor view of margin losses (METHOD.md §1): every margin f turns p into p_m =
 * h(a, p)·p with a = 1 − e^{s[cos θ_y − f(θ_y)]} and h(a, p) = 1 / (a·p + 1 − a).
 *
 * <p>These conversions let the search report its sampled a as an equivalent CosFace margin and let
 * tests check that each margin loss really is a softmax with a θ-dependent a.
 */
public final class ModulatingFactor {
  private ModulatingFactor() {}

  /**
   * a = 1 − e^{s·(cos θ_y − f(θ_y))}, as −expm1(·) so that small margins keep their precision.
   *
   * @param cosTarget cos θ_y
   * @param marginedTarget f(θ_y)
   */
  public static double of(double s, double cosTarget, double marginedTarget) {
    return -Math.expm1(s * (cosTarget - marginedTarget));
  }

  /** a(θ_y) of a margin loss at the target cosine. */
  public static double of(MarginSoftmaxLoss loss, double cosTarget) {
    return of(loss.scale(), cosTarget, loss.margined(cosTarget));
  }

  /** h(a, p) = 1 / (a·p + 1 − a) = 1 / (1 − a·(1 − p)), the factor by which p is scaled. */
  public static double h(double a, double p) {
    return 1.0 / (1.0 - a * (1.0 - p));
  }
}
