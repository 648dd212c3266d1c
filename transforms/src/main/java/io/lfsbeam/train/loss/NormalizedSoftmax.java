package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/** NormFace: softmax over s·cos θ, no margin (f(θ) = cos θ); the a = 0 point of the search. */
public final class NormalizedSoftmax extends MarginSoftmax {

  public NormalizedSoftmax(double scale) {
    super(scale);
  }

  @Override
  public <T extends TFloating> Operand<T> targetLogit(
      Ops tf, Operand<T> cosY, Operand<TInt64> step) {
    return cosY;
  }

  @Override
  public String toString() {
    return "NormFace(s=" + scale() + ")";
  }
}
