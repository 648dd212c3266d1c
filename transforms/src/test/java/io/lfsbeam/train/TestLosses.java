package io.lfsbeam.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Minimal losses for the trainer's own tests (the real ones live in {@code io.lfsbeam.train.loss}):
 * CosFace −log softmax(s·(cos − m·onehot)) via OneHot + SoftmaxCrossEntropyWithLogits, and a loss
 * that turns NaN to test the NaN stop.
 */
final class TestLosses {
  private TestLosses() {}

  static LossGraph cosFace(int numClasses, float s, float m) {
    return (tf, cos, labels, step) -> {
      Operand<TFloat32> onehot = tf.oneHot(labels, tf.constant(numClasses), tf.constant(1f), tf.constant(0f));
      Operand<TFloat32> logits = tf.math.mul(tf.constant(s), tf.math.sub(cos, tf.math.mul(tf.constant(m), onehot)));
      return tf.nn.softmaxCrossEntropyWithLogits(logits, onehot).loss();
    };
  }

  /** CosFace whose margin is a scalar placeholder named {@code name}, fed by the trainer. */
  static LossGraph cosFaceFedMargin(int numClasses, float s, String name) {
    return (tf, cos, labels, step) -> {
      Operand<TFloat32> m = tf.withName(name).placeholder(TFloat32.class,
          org.tensorflow.op.core.Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
      Operand<TFloat32> onehot = tf.oneHot(labels, tf.constant(numClasses), tf.constant(1f), tf.constant(0f));
      Operand<TFloat32> logits = tf.math.mul(tf.constant(s), tf.math.sub(cos, tf.math.mul(m, onehot)));
      return tf.nn.softmaxCrossEntropyWithLogits(logits, onehot).loss();
    };
  }

  /** Plain softmax on unnormalised logits. */
  static LossGraph softmax(int numClasses) {
    return new LossGraph() {
      @Override
      public Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> logits, Operand<org.tensorflow.types.TInt32> labels,
          Operand<org.tensorflow.types.TInt64> step) {
        Operand<TFloat32> onehot = tf.oneHot(labels, tf.constant(numClasses), tf.constant(1f), tf.constant(0f));
        return tf.nn.softmaxCrossEntropyWithLogits(logits, onehot).loss();
      }

      @Override
      public boolean normalized() {
        return false;
      }
    };
  }

  /** CosFace times NaN from the given step on (step is fed by the trainer). */
  static LossGraph nanFromStep(int numClasses, long nanStep) {
    LossGraph base = cosFace(numClasses, 16f, 0.2f);
    return (tf, cos, labels, step) -> {
      Operand<TFloat32> l = base.perSample(tf, cos, labels, step);
      Operand<TFloat32> factor = tf.select(tf.math.greaterEqual(step, tf.constant(nanStep)),
          tf.constant(Float.NaN), tf.constant(1f));
      return tf.math.mul(l, factor);
    };
  }
}
