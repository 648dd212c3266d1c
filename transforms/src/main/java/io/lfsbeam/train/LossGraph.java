package io.lfsbeam.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A classification loss as a TensorFlow graph fragment: per-sample losses [N] from the head's
 * output [N, K], labels [N] and the global step (for schedules such as SphereFace's annealing).
 *
 * <p>Same shape as {@code io.lfsbeam.train.loss.GraphLoss#perSample}, so a real loss plugs in as
 * {@code graphLoss::perSample}. A loss that needs a value changed between runs (the modulating
 * factor {@code a} of a search candidate) may create a named scalar float placeholder with
 * {@code tf.withName(name).placeholder(...)} and have the trainer feed it, see
 * {@link Trainer.Builder#optScalarFeed(String, float)}; or bake the value in as a constant.
 */
@FunctionalInterface
public interface LossGraph {
  Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> cosOrLogits, Operand<TInt32> labels, Operand<TInt64> step);

  /** True: the head feeds cosines of L2-normalised features and weights in [−1, 1]; false: raw logits emb·W + b. */
  default boolean normalized() {
    return true;
  }
}
