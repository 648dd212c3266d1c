package io.lfsbeam.train.loss.reference;

/**
 * CosFace / AM-Softmax: f(θ) = cos θ − m. Its modulating factor a = 1 − e^{s·m} does not depend on
 * θ, which is why a constant a in {@link ModulatedSoftmaxLoss} reproduces it exactly.
 */
public final class CosFaceLoss extends MarginSoftmaxLoss {
  private final double m;

  public CosFaceLoss(double s, double m) {
    super(s);
    if (!Double.isFinite(m)) {
      throw new IllegalArgumentException("margin m must be finite, got " + m);
    }
    this.m = m;
  }

  public double margin() {
    return m;
  }

  @Override
  public double margined(double cos) {
    return cos - m;
  }

  @Override
  public double marginedDerivative(double cos) {
    return 1.0;
  }
}
