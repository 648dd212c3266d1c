package io.lfsbeam.train.loss.reference;

/**
 * ArcFace / Arc-Softmax: f(θ) = cos(θ + m), and where θ + m > π the fallback cos θ − m·sin m.
 *
 * <p>cos(θ + m) turns back up once θ + m passes π, so a sample far from its class would be rewarded
 * for moving further away; the fallback keeps f decreasing in θ (METHOD.md: without it training
 * collapses). The fallback is the insightface form and is not continuous at the switch, which is
 * why finite-difference checks must stay away from θ = π − m.
 *
 * <p>cos(θ + m) is evaluated as c·cos m − sin θ·sin m with sin θ = √((1−c)(1+c)) rather than
 * through arccos, which is ill-conditioned near c = ±1. Its derivative cos m + sin m · c / sin θ is
 * unbounded as c → 1 (θ → 0) when m > 0, as it is for autograd through arccos.
 */
public final class ArcFaceLoss extends MarginSoftmaxLoss {
  private final double m;

  public ArcFaceLoss(double s, double m) {
    super(s);
    if (!(m >= 0 && m < Math.PI)) {
      throw new IllegalArgumentException("angular margin m must be in [0, π), got " + m);
    }
    this.m = m;
  }

  public double margin() {
    return m;
  }

  @Override
  public double margined(double cos) {
    return angularMargin(cos, m);
  }

  @Override
  public double marginedDerivative(double cos) {
    return angularMarginDerivative(cos, m);
  }

  /** True where θ + m > π, i.e. where the fallback cos θ − m·sin m replaces cos(θ + m). */
  static boolean inFallback(double cos, double m) {
    return theta(cos) + m > Math.PI;
  }

  /** cos(θ + m) with the fallback; shared with {@link CombinedMarginLoss} for m1 = 1. */
  static double angularMargin(double cos, double m) {
    if (inFallback(cos, m)) {
      return cos - m * Math.sin(m);
    }
    return cos * Math.cos(m) - sinTheta(cos) * Math.sin(m);
  }

  /** d/dc of {@link #angularMargin}. */
  static double angularMarginDerivative(double cos, double m) {
    if (inFallback(cos, m) || m == 0.0) {
      return 1.0;
    }
    return Math.cos(m) + Math.sin(m) * cos / sinTheta(cos);
  }
}
