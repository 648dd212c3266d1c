package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.tf.TensorFlowEngine;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.loss.GraphLosses;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Whether a loss's gradient reaches the embedding's norm, measured in the real training graph: a
 * loss of the normalised embedding alone is scale-invariant, so its gradient with respect to the
 * embedding x is orthogonal to x (x·∇L = 0 for every sample); MagFace reads ‖x‖ with its gradient
 * and must have a radial component, AdaFace reads it as a constant and must not.
 */
class LossNormGradientTest {
  private static final int CLASSES = 8;

  @Test
  void magFacePullsTheNormAndAdaFaceAndCosFaceDoNot() {
    TensorFlowEngine.load();
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 2, 112, 41);
    Batch batch = new BatchAssembler(data, 16, 1, false).next(data.epoch(1, 0), 0, 0);
    // l_a = 1 keeps every norm inside MagFace's bounds, where the clamp passes the gradient
    double mag =
        radialShare(
            LossParams.newBuilder().setScale(64).setMagLowerNorm(1).build(),
            LossFamily.MAGFACE,
            batch);
    double ada =
        radialShare(LossParams.newBuilder().setScale(64).build(), LossFamily.ADAFACE, batch);
    double cos =
        radialShare(
            LossParams.newBuilder().setScale(64).setM2(0.35).build(), LossFamily.COSFACE, batch);
    assertTrue(mag > 1e-2, "MagFace's gradient has a radial part: " + mag);
    assertTrue(ada < 1e-4, "AdaFace's norm is a constant: " + ada);
    assertTrue(cos < 1e-4, "CosFace is scale-invariant: " + cos);
  }

  /**
   * max over samples of |x·g| / (‖x‖·‖g‖), g = ∂(mean loss)/∂x: the cosine between each embedding
   * and its gradient.
   */
  private static double radialShare(LossParams params, LossFamily family, Batch batch) {
    BackboneConfig backbone = BackboneConfig.tiny();
    try (Graph graph = new Graph()) {
      TrainingGraph net =
          new TrainingGraph(
              graph,
              backbone,
              GraphLosses.of(family, params),
              CLASSES,
              SgdOptimizer.builder().build(),
              null);
      Ops tf = Ops.create(graph);
      Operand<TFloat32> grad = tf.gradients(net.loss, List.of(net.trainEmbedding)).dy(0);
      try (Session session = new Session(graph)) {
        VariableTransfer.assign(
            session, net.params.all(), p -> p.init().values(3, p.name(), p.size()));
        Shape shape = Shape.of(batch.size(), 112, 112, 3);
        try (TFloat32 images =
                TFloat32.tensorOf(shape, DataBuffers.of(batch.pixels(), true, false));
            TInt32 labels = TInt32.vectorOf(batch.labels());
            TInt64 step = TInt64.scalarOf(0);
            TInt64 dropout = TInt64.vectorOf(3, 0);
            TInt64 draws = TInt64.vectorOf(4, 0);
            Result r =
                session
                    .runner()
                    .feed(net.images, images)
                    .feed(net.labels, labels)
                    .feed(net.step, step)
                    .feed(net.dropoutSeed, dropout)
                    .feed(net.drawSeed, draws)
                    .fetch(net.trainEmbedding)
                    .fetch(grad)
                    .run()) {
          float[][] x = rows((TFloat32) r.get(0), batch.size());
          float[][] g = rows((TFloat32) r.get(1), batch.size());
          double worst = 0;
          for (int i = 0; i < x.length; i++) {
            double dot = 0;
            double xx = 0;
            double gg = 0;
            for (int j = 0; j < x[i].length; j++) {
              dot += (double) x[i][j] * g[i][j];
              xx += (double) x[i][j] * x[i][j];
              gg += (double) g[i][j] * g[i][j];
            }
            worst = Math.max(worst, Math.abs(dot) / Math.sqrt(xx * gg));
          }
          return worst;
        }
      }
    }
  }

  private static float[][] rows(TFloat32 t, int n) {
    int dim = (int) (t.shape().size() / n);
    float[] flat = new float[n * dim];
    t.read(DataBuffers.of(flat, false, false));
    float[][] out = new float[n][dim];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * dim, out[i], 0, dim);
    }
    return out;
  }
}
