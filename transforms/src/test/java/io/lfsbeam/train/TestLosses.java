package io.lfsbeam.train;

import io.lfsbeam.train.loss.GraphLoss;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * Minimal losses for the trainer's own tests (the real ones live in {@code io.lfsbeam.train.loss}):
 * CosFace −log softmax(s·(cos − m·onehot)) via OneHot + SoftmaxCrossEntropyWithLogits, and a loss
 * that turns NaN to test the NaN stop. They implement the one training loss interface, {@link
 * GraphLoss}, in float32 only (the trainer's type).
 */
final class TestLosses {
  private TestLosses() {}

  /** A float32-only loss: the trainer always builds float32 graphs. */
  private abstract static class Float32Loss implements GraphLoss {
    abstract Operand<TFloat32> loss(
        Ops tf, Operand<TFloat32> cos, Operand<TInt32> labels, Operand<TInt64> step);

    @Override
    @SuppressWarnings("unchecked")
    public <T extends TFloating> Operand<T> perSample(
        Ops tf, Operand<T> cos, Operand<TInt32> labels, Operand<TInt64> step) {
      if (cos.type() != TFloat32.class) {
        throw new IllegalArgumentException("test losses are float32 only");
      }
      return (Operand<T>) loss(tf, (Operand<TFloat32>) cos, labels, step);
    }
  }

  private static Operand<TFloat32> cosFace(
      Ops tf,
      int numClasses,
      float s,
      Operand<TFloat32> m,
      Operand<TFloat32> cos,
      Operand<TInt32> labels) {
    Operand<TFloat32> onehot =
        tf.oneHot(labels, tf.constant(numClasses), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> logits =
        tf.math.mul(tf.constant(s), tf.math.sub(cos, tf.math.mul(m, onehot)));
    return tf.nn.softmaxCrossEntropyWithLogits(logits, onehot).loss();
  }

  static GraphLoss cosFace(int numClasses, float s, float m) {
    return new Float32Loss() {
      @Override
      Operand<TFloat32> loss(
          Ops tf, Operand<TFloat32> cos, Operand<TInt32> labels, Operand<TInt64> step) {
        return cosFace(tf, numClasses, s, tf.constant(m), cos, labels);
      }
    };
  }

  /** CosFace whose margin is a scalar placeholder named {@code name}, fed by the trainer. */
  static GraphLoss cosFaceFedMargin(int numClasses, float s, String name) {
    return new Float32Loss() {
      @Override
      Operand<TFloat32> loss(
          Ops tf, Operand<TFloat32> cos, Operand<TInt32> labels, Operand<TInt64> step) {
        Operand<TFloat32> m =
            tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        return cosFace(tf, numClasses, s, m, cos, labels);
      }
    };
  }

  /** Plain softmax on unnormalised logits. */
  static GraphLoss softmax(int numClasses) {
    return new Float32Loss() {
      @Override
      Operand<TFloat32> loss(
          Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels, Operand<TInt64> step) {
        Operand<TFloat32> onehot =
            tf.oneHot(labels, tf.constant(numClasses), tf.constant(1f), tf.constant(0f));
        return tf.nn.softmaxCrossEntropyWithLogits(logits, onehot).loss();
      }

      @Override
      public boolean requiresNormalizedInput() {
        return false;
      }
    };
  }

  /** CosFace times NaN from the given step on (step is fed by the trainer). */
  static GraphLoss nanFromStep(int numClasses, long nanStep) {
    return new Float32Loss() {
      @Override
      Operand<TFloat32> loss(
          Ops tf, Operand<TFloat32> cos, Operand<TInt32> labels, Operand<TInt64> step) {
        Operand<TFloat32> l = cosFace(tf, numClasses, 16f, tf.constant(0.2f), cos, labels);
        Operand<TFloat32> factor =
            tf.select(
                tf.math.greaterEqual(step, tf.constant(nanStep)),
                tf.constant(Float.NaN),
                tf.constant(1f));
        return tf.math.mul(l, factor);
      }
    };
  }
}
