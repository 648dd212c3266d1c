package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * A loss multiplied by NaN: the fault hook ({@code FaultInjection.Kind.NAN}) with which tests make
 * a candidate diverge on purpose. Keeps the wrapped loss's head (normalised or raw logits).
 */
public final class PoisonedLoss implements GraphLoss {
  private final GraphLoss loss;

  public PoisonedLoss(GraphLoss loss) {
    this.loss = loss;
  }

  @Override
  public <T extends TFloating> Operand<T> perSample(
      Ops tf, Operand<T> cos, Operand<TInt32> labels, Operand<TInt64> step) {
    Operand<T> l = loss.perSample(tf, cos, labels, step);
    return tf.math.mul(l, GraphMath.scalar(tf, Double.NaN, cos.type()));
  }

  @Override
  public <T extends TFloating> Operand<T> perSample(LossInputs<T> in) {
    Operand<T> l = loss.perSample(in);
    return in.tf().math.mul(l, GraphMath.scalar(in.tf(), Double.NaN, in.cos().type()));
  }

  @Override
  public boolean requiresNormalizedInput() {
    return loss.requiresNormalizedInput();
  }

  @Override
  public String toString() {
    return "Poisoned(" + loss + ")";
  }
}
