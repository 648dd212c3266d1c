package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * Arc-Softmax / ArcFace: f(θ) = cos(θ + m), and cos θ − m·sin m where θ + m > π.
 *
 * <p>Why the fallback: past θ = π − m, cos(θ + m) increases with θ again, so a worse sample would
 * get a larger target logit and training collapses; the linear stand-in keeps f decreasing (the
 * form of insightface's arcface_torch and of the test vectors).
 */
public final class ArcFace extends MarginSoftmax {
  private final double margin;

  public ArcFace(double scale, double margin) {
    super(scale);
    this.margin = margin;
  }

  public double margin() {
    return margin;
  }

  @Override
  public <T extends TFloating> Operand<T> targetLogit(
      Ops tf, Operand<T> cosY, Operand<TInt64> step) {
    Operand<T> shifted =
        tf.math.add(GraphMath.theta(tf, cosY), GraphMath.scalar(tf, margin, cosY.type()));
    return GraphMath.angularMargin(tf, cosY, shifted, margin);
  }

  @Override
  public String toString() {
    return "ArcFace(s=" + scale() + ", m=" + margin + ")";
  }
}
