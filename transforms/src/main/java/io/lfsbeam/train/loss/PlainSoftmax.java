package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * The plain, unnormalised softmax cross-entropy (linear classifier, no scale): the weakest
 * baseline. Its input is raw logits Wᵀx + b, not cosines, hence {@link #requiresNormalizedInput()}
 * is false: the trainer must not normalise features or weights for it.
 */
public final class PlainSoftmax implements GraphLoss {

  /** Per-sample −log softmax(logits)_y; the {@code cos} argument holds raw logits here. */
  @Override
  public <T extends TFloating> Operand<T> perSample(
      Ops tf, Operand<T> logits, Operand<TInt32> labels, Operand<TInt64> step) {
    return GraphMath.crossEntropy(tf, logits, GraphMath.oneHot(tf, labels, logits));
  }

  @Override
  public boolean requiresNormalizedInput() {
    return false;
  }

  @Override
  public String toString() {
    return "Softmax(unnormalised)";
  }
}
