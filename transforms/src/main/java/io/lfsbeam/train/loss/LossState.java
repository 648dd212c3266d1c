package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.types.family.TFloating;

/**
 * The running state of a loss: named scalars that persist from one training step to the next
 * (CurricularFace's t, AdaFace's mean and standard deviation of the embedding norms).
 *
 * <p>A loss reads a scalar's value as the step starts, computes its new value from the batch and
 * hands it to {@link #write}; it then builds its logits from the new value, so the state is updated
 * once per step <b>before</b> it is used, as the official code does. The trainer keeps each scalar
 * in a variable of its graph (one per candidate, since each candidate has its own graph), assigns
 * the written value as part of the training step only (evaluating a batch's loss does not move the
 * state), and saves and restores it with the weights in every checkpoint, so the state travels with
 * the weights when a round's best candidate is broadcast.
 */
public interface LossState {

  /**
   * The scalar {@code name} as this step starts, {@code initial} before the first step (and when a
   * checkpoint written without it is restored).
   *
   * @param name unique within the graph, e.g. {@code curricularface/t}
   */
  <T extends TFloating> Operand<T> read(String name, double initial, Class<T> type);

  /** The value {@code name} takes after this training step; call once per scalar. */
  <T extends TFloating> void write(String name, Operand<T> value);
}
