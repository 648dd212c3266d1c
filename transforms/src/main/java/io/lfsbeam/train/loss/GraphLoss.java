package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * One classification loss as a TensorFlow graph fragment (METHOD.md section 1).
 *
 * <p>The project trains in TensorFlow graph mode because DJL's TensorFlow engine has no autograd;
 * every loss therefore builds ops that {@code Graph.addGradients} / {@code Ops.gradients} can
 * differentiate (only ops with a registered C++ gradient, see STACK.md). Call {@code
 * io.lfsbeam.tf.TensorFlowEngine.load()} before building any graph.
 *
 * <p>The methods are generic over the float type so the same formula runs in float32 for training
 * and in float64 for gradient checks; constants are cast to the type of {@code cos}.
 *
 * <p>This is the one loss interface of training: {@code Trainer.Builder.setLoss} takes it and the
 * trainer builds its head from {@link #requiresNormalizedInput()} (cosines of normalised vectors,
 * or raw logits {@code emb·W + b}). A loss that needs a value changed between runs may create a
 * named scalar placeholder with {@code tf.withName(name).placeholder(...)} and have the trainer
 * feed it ({@code Trainer.Builder.optScalarFeed}), or bake the value in as a constant.
 *
 * <p>The trainer calls {@link #perSample(LossInputs)}, which by default hands the cosines, labels
 * and step to {@link #perSample(Ops, Operand, Operand, Operand)}: the losses of METHOD.md need
 * nothing else. The modern margins (CurricularFace, AdaFace, MagFace, ElasticFace) override the
 * {@link LossInputs} form instead, for the embedding norms, the running state and the per-step
 * random draws it carries.
 */
public interface GraphLoss {

  /**
   * Per-sample loss {@code [N]} from everything the trainer offers; see {@link LossInputs}.
   * Defaults to {@link #perSample(Ops, Operand, Operand, Operand)}.
   */
  default <T extends TFloating> Operand<T> perSample(LossInputs<T> in) {
    return perSample(in.tf(), in.cos(), in.labels(), in.step());
  }

  /**
   * Per-sample loss {@code [N]} from the cosines, labels and step alone. The losses that need more
   * (norms, state, draws) do not implement it and throw.
   *
   * @param cos cosines {@code [N,K]} between normalised features and normalised class weights, or
   *     raw logits when {@link #requiresNormalizedInput()} is false (plain softmax). Values need
   *     not be clipped: losses that take {@code acos} clip internally (see {@link
   *     GraphMath#THETA_EPS}).
   * @param labels true class per sample {@code [N]}, in {@code [0, K)}
   * @param step training step (int64 scalar); only SphereFace's λ annealing reads it
   */
  default <T extends TFloating> Operand<T> perSample(
      Ops tf, Operand<T> cos, Operand<TInt32> labels, Operand<TInt64> step) {
    throw new UnsupportedOperationException(
        this
            + " needs the trainer's LossInputs (norms, state or draws): call perSample(LossInputs)");
  }

  /** True when the input must be cosines of L2-normalised vectors; false for raw logits. */
  default boolean requiresNormalizedInput() {
    return true;
  }
}
