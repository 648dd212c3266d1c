package io.lfsbeam.train.loss.reference;

/**
 * Combined margin (insightface): f(θ) = cos(m1·θ + m3) − m2.
 *
 * <p>Like ArcFace it falls back to cos θ − m3·sin m3 − m2 where m1·θ + m3 > π, to keep f decreasing
 * in θ (the test vectors' README states this rule for the combined margin; it is the ArcFace rule
 * with θ + m read as m1·θ + m3). With m1 = 1 and m2 = 0 this is exactly {@link ArcFaceLoss}; with
 * m1 = 1 and m3 = 0 exactly {@link CosFaceLoss}.
 */
public final class CombinedMarginLoss extends MarginSoftmaxLoss {
  private final double m1;
  private final double m2;
  private final double m3;

  public CombinedMarginLoss(double s, double m1, double m2, double m3) {
    super(s);
    if (!(m1 > 0) || !Double.isFinite(m1) || !Double.isFinite(m2) || !(m3 >= 0 && m3 < Math.PI)) {
      throw new IllegalArgumentException(
          "need m1 > 0, finite m2, m3 in [0, π); got m1=" + m1 + " m2=" + m2 + " m3=" + m3);
    }
    this.m1 = m1;
    this.m2 = m2;
    this.m3 = m3;
  }

  public double m1() {
    return m1;
  }

  public double m2() {
    return m2;
  }

  public double m3() {
    return m3;
  }

  /** True where m1·θ + m3 > π, the region of the fallback. */
  public boolean inFallback(double cos) {
    return m1 * theta(cos) + m3 > Math.PI;
  }

  @Override
  public double margined(double cos) {
    if (m1 == 1.0) {
      return ArcFaceLoss.angularMargin(cos, m3) - m2;
    }
    if (inFallback(cos)) {
      return cos - m3 * Math.sin(m3) - m2;
    }
    return Math.cos(m1 * theta(cos) + m3) - m2;
  }

  /** d/dc cos(m1·θ + m3) = m1·sin(m1·θ + m3) / sin θ, since dθ/dc = −1/sin θ. */
  @Override
  public double marginedDerivative(double cos) {
    if (m1 == 1.0) {
      return ArcFaceLoss.angularMarginDerivative(cos, m3);
    }
    if (inFallback(cos)) {
      return 1.0;
    }
    double th = theta(cos);
    if (th == 0.0 && m3 == 0.0) {
      return m1 * m1; // limit of m1·sin(m1·θ)/sin θ as θ → 0
    }
    return m1 * Math.sin(m1 * th + m3) / sinTheta(cos);
  }
}
