package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/** AM-Softmax / CosFace: f(θ) = cos θ − m (the constant modulating factor a = 1 − e^{s·m}). */
public final class CosFace extends MarginSoftmax {
  private final double margin;

  public CosFace(double scale, double margin) {
    super(scale);
    this.margin = margin;
  }

  public double margin() {
    return margin;
  }

  @Override
  public <T extends TFloating> Operand<T> targetLogit(
      Ops tf, Operand<T> cosY, Operand<TInt64> step) {
    return tf.math.sub(cosY, GraphMath.scalar(tf, margin, cosY.type()));
  }

  @Override
  public String toString() {
    return "CosFace(s=" + scale() + ", m=" + margin + ")";
  }
}
