package io.lfsbeam.train.loss.reference;

/**
 * Margin-based softmax (METHOD.md §1): the target logit s·cos θ_y is replaced by s·f(θ_y) and the
 * loss is −log p_m with p_m = e^{s f(θ_y)} / (e^{s f(θ_y)} + Σ_{k≠y} e^{s cos θ_k}).
 *
 * <p>Subclasses only say what f and its derivative df/d(cos θ) are; the softmax and the chain rule
 * through the target logit live here once. Writing f as a function of cos θ (not θ) is what the
 * gradient oracle needs: the network's variable is the cosine.
 */
public abstract class MarginSoftmaxLoss extends RowwiseLoss {
  private final double s;

  protected MarginSoftmaxLoss(double s) {
    if (!(s > 0) || Double.isInfinite(s)) {
      throw new IllegalArgumentException("scale s must be positive and finite, got " + s);
    }
    this.s = s;
  }

  /** The scale s multiplying every cosine. */
  public final double scale() {
    return s;
  }

  /** f(θ_y) written as a function of c = cos θ_y: the margined target cosine. */
  public abstract double margined(double cos);

  /** df/dc at c = cos θ_y. */
  public abstract double marginedDerivative(double cos);

  @Override
  final double rowLoss(double[] cos, int label) {
    return -SoftmaxRow.of(logits(cos, label), label).logP;
  }

  /**
   * With L = LSE(z) − z_y: dL/dz_k = p_k (k ≠ y) and dL/dz_y = −(1 − p_m); then z_k = s·c_k and z_y
   * = s·f(c_y) give the factors s and s·f'(c_y).
   */
  @Override
  final double[] rowGrad(double[] cos, int label) {
    SoftmaxRow row = SoftmaxRow.of(logits(cos, label), label);
    double[] g = new double[cos.length];
    for (int k = 0; k < cos.length; k++) {
      g[k] = s * row.prob[k];
    }
    g[label] = -s * row.oneMinusP() * marginedDerivative(cos[label]);
    return g;
  }

  private double[] logits(double[] cos, int label) {
    double[] z = new double[cos.length];
    for (int k = 0; k < cos.length; k++) {
      z[k] = s * cos[k];
    }
    z[label] = s * margined(cos[label]);
    return z;
  }

  /** θ = arccos c, with c clamped to [−1, 1] so rounding just outside the range is not NaN. */
  static double theta(double cos) {
    return Math.acos(Math.max(-1.0, Math.min(1.0, cos)));
  }

  /** sin θ = √((1 − c)(1 + c)), the factored form keeps precision near c = ±1. */
  static double sinTheta(double cos) {
    double c = Math.max(-1.0, Math.min(1.0, cos));
    return Math.sqrt((1.0 - c) * (1.0 + c));
  }
}
