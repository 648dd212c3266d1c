package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * Everything a trainer gives a loss for one batch ({@link GraphLoss#perSample(LossInputs)}): the
 * head's cosines (or raw logits), the labels and the step as every loss gets them, and for the
 * modern margins of BASELINES.md what they need beyond that.
 *
 * @param cos cosines {@code [N,K]} of the normalised embedding and class weights (raw logits for
 *     plain softmax)
 * @param labels true class per sample {@code [N]}
 * @param step the global training step (int64 scalar)
 * @param norms {@code [N]} the embedding's norm ‖x‖ <b>before</b> L2 normalisation, differentiable
 *     with respect to the embedding: MagFace lets its gradient flow back into the backbone, AdaFace
 *     reads it through a stop-gradient; null when the caller has no embedding
 * @param state the loss's running state, null when the caller keeps none
 * @param standardNormal {@code [N]} fresh N(0, 1) draws for this step (ElasticFace's margins),
 *     reproducible: the trainer derives them from its seed and the step; null when not offered
 */
public record LossInputs<T extends TFloating>(
    Ops tf,
    Operand<T> cos,
    Operand<TInt32> labels,
    Operand<TInt64> step,
    Operand<T> norms,
    LossState state,
    Operand<T> standardNormal) {

  /** The inputs of a loss that needs only cosines, labels and step. */
  public static <T extends TFloating> LossInputs<T> basic(
      Ops tf, Operand<T> cos, Operand<TInt32> labels, Operand<TInt64> step) {
    return new LossInputs<>(tf, cos, labels, step, null, null, null);
  }

  /** The norms, or a clear error naming the loss that needs them. */
  Operand<T> requireNorms(String loss) {
    if (norms == null) {
      throw new IllegalStateException(loss + " needs the embedding norms before normalisation");
    }
    return norms;
  }

  /** The state, or a clear error naming the loss that needs it. */
  LossState requireState(String loss) {
    if (state == null) {
      throw new IllegalStateException(loss + " needs a running state kept by the trainer");
    }
    return state;
  }

  /** The draws, or a clear error naming the loss that needs them. */
  Operand<T> requireStandardNormal(String loss) {
    if (standardNormal == null) {
      throw new IllegalStateException(loss + " needs per-step N(0, 1) draws from the trainer");
    }
    return standardNormal;
  }
}
