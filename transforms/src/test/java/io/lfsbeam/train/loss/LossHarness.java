package io.lfsbeam.train.loss;

import io.lfsbeam.tf.TensorFlowEngine;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.framework.ConfigProto;
import org.tensorflow.proto.framework.GraphOptions;
import org.tensorflow.proto.framework.RewriterConfig;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * One Graph and Session per test class: compiles a loss once (placeholders for cos, labels, step;
 * loss and d(Σ loss)/d(cos) as outputs) and evaluates it many times, closing every tensor.
 */
final class LossHarness implements AutoCloseable {
  /**
   * Tiny graphs run many times: Grappler's rewrite of every newly fetched subgraph costs more than
   * the run itself, and one thread per pool keeps the test off the other engineers' cores.
   */
  private static final ConfigProto LIGHT =
      ConfigProto.newBuilder()
          .setIntraOpParallelismThreads(1)
          .setInterOpParallelismThreads(1)
          .setGraphOptions(
              GraphOptions.newBuilder()
                  .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
          .build();

  private final Graph graph;
  private final Session session;
  final Ops tf;

  private LossHarness() {
    graph = new Graph();
    session = new Session(graph, LIGHT);
    tf = Ops.create(graph);
  }

  static LossHarness open() {
    TensorFlowEngine.load();
    return new LossHarness();
  }

  /** Per-sample losses and the gradient of their sum with respect to the cosines. */
  record Evaluation(double[] loss, double[][] grad) {}

  /** A loss built once in the harness graph, for the float type {@code type}. */
  final class Compiled {
    private final Placeholder<?> cos;
    private final Placeholder<TInt32> labels;
    private final Placeholder<TInt64> step;
    private final Operand<?> loss;
    private final Operand<?> grad;
    private final boolean float32;

    <T extends TFloating> Compiled(GraphLoss graphLoss, Class<T> type) {
      Placeholder<T> c = tf.placeholder(type);
      labels = tf.placeholder(TInt32.class);
      step = tf.placeholder(TInt64.class);
      Operand<T> perSample = graphLoss.perSample(tf, c, labels, step);
      cos = c;
      loss = perSample;
      grad = gradientOfSum(perSample, c);
      float32 = type == TFloat32.class;
    }

    Evaluation run(double[][] cosValues, int[] labelValues, long stepValue) {
      try (Tensor c = floatTensor(cosValues, float32);
          TInt32 y = TInt32.vectorOf(labelValues);
          TInt64 t = TInt64.scalarOf(stepValue);
          Result r =
              session
                  .runner()
                  .feed(cos, c)
                  .feed(labels, y)
                  .feed(step, t)
                  .fetch(loss)
                  .fetch(grad)
                  .run()) {
        return new Evaluation(toVector(r.get(0)), toMatrix(r.get(1)));
      }
    }
  }

  Compiled compile(GraphLoss loss, Class<? extends TFloating> type) {
    return new Compiled(loss, type);
  }

  /** d(Σ y)/dx through {@code Ops.gradients} (the C++ symbolic gradient builder). */
  <T extends TFloating> Operand<T> gradientOfSum(Operand<T> y, Operand<T> x) {
    Operand<T> total = tf.reduceSum(y, tf.constant(0));
    return tf.gradients(total, List.of(x)).dy(0);
  }

  /** Runs the graph with the given feeds and returns each fetch as a double array (flattened). */
  List<double[]> fetch(List<Operand<?>> feedOps, List<Tensor> feeds, List<Operand<?>> fetches) {
    Session.Runner runner = session.runner();
    for (int i = 0; i < feedOps.size(); i++) {
      runner.feed(feedOps.get(i), feeds.get(i));
    }
    fetches.forEach(runner::fetch);
    List<double[]> out = new ArrayList<>();
    try (Result r = runner.run()) {
      for (int i = 0; i < fetches.size(); i++) {
        out.add(flatten(r.get(i)));
      }
    }
    return out;
  }

  static Tensor floatTensor(double[][] values, boolean float32) {
    if (!float32) {
      return TFloat64.tensorOf(StdArrays.ndCopyOf(values));
    }
    float[][] f = new float[values.length][];
    for (int i = 0; i < values.length; i++) {
      f[i] = new float[values[i].length];
      for (int j = 0; j < f[i].length; j++) {
        f[i][j] = (float) values[i][j];
      }
    }
    return TFloat32.tensorOf(StdArrays.ndCopyOf(f));
  }

  static double[] toVector(Tensor t) {
    return flatten(t);
  }

  static double[][] toMatrix(Tensor t) {
    int rows = (int) t.shape().size(0);
    int cols = (int) t.shape().size(1);
    double[] flat = flatten(t);
    double[][] m = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(flat, i * cols, m[i], 0, cols);
    }
    return m;
  }

  static double[] flatten(Tensor t) {
    int n = (int) t.shape().size();
    double[] out = new double[n];
    if (t instanceof TFloat32 f) {
      float[] buf = new float[n];
      f.read(DataBuffers.of(buf, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = buf[i];
      }
    } else if (t instanceof TFloat64 d) {
      d.read(DataBuffers.of(out, false, false));
    } else {
      throw new IllegalArgumentException("not a float tensor: " + t.dataType());
    }
    return out;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
