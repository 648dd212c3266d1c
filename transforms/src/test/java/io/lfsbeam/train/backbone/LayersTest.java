package io.lfsbeam.train.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lfsbeam.tf.TensorFlowEngine;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The layers whose graph form was chosen for speed compute what their definitions say: PReLU (value
 * and both gradients) and the BatchNorm moving averages the fused kernel updates.
 */
class LayersTest {
  @BeforeAll
  static void loadTensorFlow() {
    TensorFlowEngine.load();
  }

  private static void assign(Session s, ParamStore.Param p, float[] values) {
    try (TFloat32 t = TFloat32.tensorOf(Shape.of(p.shape()), DataBuffers.of(values))) {
      s.runner().feed(p.feed(), t).addTarget(p.assign()).run();
    }
  }

  private static float[] read(Result r, int i, int n) {
    float[] out = new float[n];
    ((TFloat32) r.get(i)).read(DataBuffers.of(out, false, false));
    return out;
  }

  @Test
  void preluIsMaxPlusSlopeTimesMinAndDifferentiatesAsSuch() {
    int n = 2, h = 3, w = 3, c = 2;
    int size = n * h * w * c;
    SplittableRandom r = new SplittableRandom(3);
    float[] x = new float[size];
    float[] weight = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) (r.nextDouble() * 4 - 2);
      weight[i] = (float) (r.nextDouble() * 2 - 1);
    }
    float[] alpha = {0.25f, -0.7f};
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ParamStore params = new ParamStore(tf);
      Placeholder<TFloat32> in =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, h, w, c)));
      Layers layers = new Layers(params, true, 0.9f, 1e-5f, null);
      Operand<TFloat32> y = layers.prelu("p", in, c);
      // a weighted sum makes every output's gradient distinct: d/dy = weight
      Operand<TFloat32> objective =
          tf.sum(
              tf.math.mul(y, tf.constant(Shape.of(n, h, w, c), DataBuffers.of(weight))),
              tf.constant(new int[] {0, 1, 2, 3}));
      ParamStore.Param a = params.find("p/alpha");
      Gradients grads = tf.gradients(objective, List.of(in, a.read()));
      try (Session s = new Session(g);
          TFloat32 feed = TFloat32.tensorOf(Shape.of(n, h, w, c), DataBuffers.of(x))) {
        assign(s, a, alpha);
        try (Result res =
            s.runner().feed(in, feed).fetch(y).fetch(grads.dy(0)).fetch(grads.dy(1)).run()) {
          float[] got = read(res, 0, size);
          float[] dx = read(res, 1, size);
          float[] dAlpha = read(res, 2, c);
          double[] expectedDAlpha = new double[c];
          for (int i = 0; i < size; i++) {
            float slope = alpha[i % c];
            assertEquals(Math.max(0f, x[i]) + slope * Math.min(0f, x[i]), got[i], 0f, "y " + i);
            assertEquals(x[i] > 0 ? weight[i] : slope * weight[i], dx[i], 1e-6f, "dy/dx " + i);
            expectedDAlpha[i % c] += weight[i] * Math.min(0f, x[i]);
          }
          for (int k = 0; k < c; k++) {
            assertEquals(expectedDAlpha[k], dAlpha[k], 1e-5, "dy/dalpha " + k);
          }
        }
      }
    }
  }

  @Test
  void batchNormMovingAveragesTrackBatchMeanAndUnbiasedVariance() {
    int n = 5, c = 3;
    float momentum = 0.9f;
    SplittableRandom r = new SplittableRandom(5);
    float[][] batches = new float[2][n * c];
    for (float[] b : batches) {
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) (r.nextDouble() * 6 - 1);
      }
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ParamStore params = new ParamStore(tf);
      Placeholder<TFloat32> in =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, 1, 1, c)));
      Layers layers = new Layers(params, true, momentum, 1e-5f, null);
      Operand<TFloat32> y = layers.batchNorm("bn", in, c);
      Op update = tf.withControlDependencies(layers.updates()).noOp();
      ParamStore.Param mean = params.find("bn/moving_mean");
      ParamStore.Param var = params.find("bn/moving_variance");
      double[] expectedMean = new double[c];
      double[] expectedVar = {1, 1, 1};
      try (Session s = new Session(g)) {
        for (ParamStore.Param p : params.all()) {
          assign(s, p, p.init().values(1, p.name(), p.size()));
        }
        for (float[] b : batches) {
          try (TFloat32 feed = TFloat32.tensorOf(Shape.of(n, 1, 1, c), DataBuffers.of(b))) {
            s.runner().feed(in, feed).fetch(y).addTarget(update).run().close();
          }
          for (int k = 0; k < c; k++) {
            double m = 0, ss = 0;
            for (int i = 0; i < n; i++) {
              m += b[i * c + k];
            }
            m /= n;
            for (int i = 0; i < n; i++) {
              ss += (b[i * c + k] - m) * (b[i * c + k] - m);
            }
            expectedMean[k] = momentum * expectedMean[k] + (1 - momentum) * m;
            expectedVar[k] = momentum * expectedVar[k] + (1 - momentum) * ss / (n - 1);
          }
          try (Result res = s.runner().fetch(mean.read()).fetch(var.read()).run()) {
            float[] gotMean = read(res, 0, c);
            float[] gotVar = read(res, 1, c);
            for (int k = 0; k < c; k++) {
              assertEquals(expectedMean[k], gotMean[k], 1e-5, "moving mean " + k);
              assertEquals(expectedVar[k], gotVar[k], 1e-5, "moving variance " + k);
            }
          }
        }
      }
    }
  }
}
