package io.lfsbeam.train.loss;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * A loss compiled in the {@link LossHarness} graph with every {@link LossInputs} fed from outside:
 * cosines, labels, norms, the state before the step (one placeholder per scalar the loss reads) and
 * the standard-normal draws. Each run returns the per-sample loss, d(Σ loss)/d(cos), d(Σ
 * loss)/d(norms) and the state the loss wrote, so a test can hold all of them against an oracle.
 */
final class FedLossInputs {
  /**
   * One evaluation: losses, gradients (null for the norms when not asked) and the written state.
   */
  record Run(double[] loss, double[][] gradCos, double[] gradNorms, Map<String, Double> state) {}

  private final LossHarness harness;
  private final boolean float32;
  private final Placeholder<?> cos;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TInt64> step;
  private final Placeholder<?> norms;
  private final Placeholder<?> draws;
  private final Map<String, Placeholder<?>> stateReads = new LinkedHashMap<>();
  private final Map<String, Operand<?>> stateWrites = new LinkedHashMap<>();
  private final Operand<?> loss;
  private final Operand<?> gradCos;
  private final Operand<?> gradNorms;

  /**
   * @param normGradient whether to differentiate with respect to the norms (only for a loss that
   *     reads them with a gradient: TensorFlow has no gradient to an input the loss ignores)
   */
  <T extends TFloating> FedLossInputs(
      LossHarness harness, GraphLoss graphLoss, Class<T> type, boolean normGradient) {
    this.harness = harness;
    this.float32 = type == TFloat32.class;
    Ops tf = harness.tf;
    Placeholder<T> c = tf.placeholder(type);
    Placeholder<T> n = tf.placeholder(type);
    Placeholder<T> z = tf.placeholder(type);
    labels = tf.placeholder(TInt32.class);
    step = tf.placeholder(TInt64.class);
    LossState state =
        new LossState() {
          @Override
          public <U extends TFloating> Operand<U> read(String name, double initial, Class<U> t) {
            Placeholder<U> p = tf.placeholder(t);
            stateReads.put(name, p);
            return p;
          }

          @Override
          public <U extends TFloating> void write(String name, Operand<U> value) {
            stateWrites.put(name, value);
          }
        };
    Operand<T> perSample = graphLoss.perSample(new LossInputs<>(tf, c, labels, step, n, state, z));
    cos = c;
    norms = n;
    draws = z;
    loss = perSample;
    gradCos = harness.gradientOfSum(perSample, c);
    gradNorms = normGradient ? harness.gradientOfSum(perSample, n) : null;
  }

  /** The names of the state scalars the loss read, in order. */
  List<String> stateNames() {
    return new ArrayList<>(stateReads.keySet());
  }

  Run run(
      double[][] cosValues,
      int[] labelValues,
      double[] normValues,
      Map<String, Double> stateBefore,
      double[] standardNormal) {
    List<Operand<?>> feedOps = new ArrayList<>();
    List<Tensor> feeds = new ArrayList<>();
    try {
      feedOps.add(cos);
      feeds.add(LossHarness.floatTensor(cosValues, float32));
      feedOps.add(labels);
      feeds.add(TInt32.vectorOf(labelValues));
      feedOps.add(step);
      feeds.add(TInt64.scalarOf(0));
      feedOps.add(norms);
      feeds.add(vector(normValues));
      feedOps.add(draws);
      feeds.add(vector(standardNormal));
      for (Map.Entry<String, Placeholder<?>> e : stateReads.entrySet()) {
        Double v = stateBefore.get(e.getKey());
        if (v == null) {
          throw new IllegalArgumentException("no value for the state " + e.getKey());
        }
        feedOps.add(e.getValue());
        feeds.add(float32 ? TFloat32.scalarOf(v.floatValue()) : TFloat64.scalarOf(v));
      }
      List<Operand<?>> fetches = new ArrayList<>(List.of(loss, gradCos));
      fetches.addAll(stateWrites.values());
      if (gradNorms != null) {
        fetches.add(gradNorms);
      }
      List<double[]> out = harness.fetch(feedOps, feeds, fetches);
      Map<String, Double> written = new LinkedHashMap<>();
      int i = 2;
      for (String name : stateWrites.keySet()) {
        written.put(name, out.get(i++)[0]);
      }
      double[] normGrad = gradNorms == null ? null : out.get(i);
      int rows = cosValues.length;
      int cols = cosValues[0].length;
      double[][] g = new double[rows][cols];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(out.get(1), r * cols, g[r], 0, cols);
      }
      return new Run(out.get(0), g, normGrad, written);
    } finally {
      feeds.forEach(Tensor::close);
    }
  }

  private Tensor vector(double[] v) {
    if (!float32) {
      return TFloat64.tensorOf(StdArrays.ndCopyOf(v));
    }
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return TFloat32.tensorOf(StdArrays.ndCopyOf(f));
  }
}
