package io.lfsbeam.train.loss.reference;

/** NormFace: normalised softmax, logits s·cos θ_k, no margin (f(θ) = cos θ, a = 0). */
public final class NormalizedSoftmaxLoss extends MarginSoftmaxLoss {

  public NormalizedSoftmaxLoss(double s) {
    super(s);
  }

  @Override
  public double margined(double cos) {
    return cos;
  }

  @Override
  public double marginedDerivative(double cos) {
    return 1.0;
  }
}
