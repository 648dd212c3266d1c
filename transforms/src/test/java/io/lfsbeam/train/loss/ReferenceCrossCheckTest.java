package io.lfsbeam.train.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.train.loss.reference.AmLfsLoss;
import io.lfsbeam.train.loss.reference.ArcFaceLoss;
import io.lfsbeam.train.loss.reference.CombinedMarginLoss;
import io.lfsbeam.train.loss.reference.CosFaceLoss;
import io.lfsbeam.train.loss.reference.LocalModulatedSoftmaxLoss;
import io.lfsbeam.train.loss.reference.ModulatedSoftmaxLoss;
import io.lfsbeam.train.loss.reference.NormalizedSoftmaxLoss;
import io.lfsbeam.train.loss.reference.PlainSoftmaxLoss;
import io.lfsbeam.train.loss.reference.ReferenceLoss;
import io.lfsbeam.train.loss.reference.SphereFaceLoss;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tensorflow.types.TFloat64;

/**
 * Every TensorFlow graph loss against its plain-Java double reference ({@code
 * io.lfsbeam.train.loss.reference}), both in float64, on random cosines and labels: the per-sample
 * losses and the gradient of their sum with respect to the cosines agree to 1e-9 relative.
 *
 * <p>The two are written independently (the graph with TF ops and {@code Ops.gradients}; the
 * reference with analytic derivatives), so agreement checks both formula and gradient. The shared
 * {@code losses.json} vectors check a few points against PyTorch; this test covers many random
 * points per family, including large |a| and hard samples.
 */
class ReferenceCrossCheckTest extends WithLossHarness {
  private static final double RELATIVE = 1e-9;
  private static final double ABSOLUTE = 1e-10;
  private static final int BATCHES = 20;

  private record Pair(String name, GraphLoss graph, ReferenceLoss reference) {}

  private static List<Pair> pairs() {
    double[] aBins = {-1, -5, -20, -100, -1e3, -1e4, -1e5, -3e5, -6e5, -1e6};
    double[] alpha = {1.0, 0.9, 1.1, 0.8, 1.2, 0.95, 1.05, 0.85, 1.15, 1.0};
    double[] beta = {0.0, 0.01, 0.0, 0.02, 0.0, 0.005, 0.0, 0.03, 0.0, 0.0};
    return List.of(
        new Pair("softmax", new PlainSoftmax(), new PlainSoftmaxLoss()),
        new Pair("normface s=32", new NormalizedSoftmax(32), new NormalizedSoftmaxLoss(32)),
        new Pair("cosface s=32 m=0.35", new CosFace(32, 0.35), new CosFaceLoss(32, 0.35)),
        new Pair("arcface s=64 m=0.5", new ArcFace(64, 0.5), new ArcFaceLoss(64, 0.5)),
        new Pair(
            "combined s=32 (1,0.2,0.3)",
            new CombinedMargin(32, 1, 0.2, 0.3),
            new CombinedMarginLoss(32, 1, 0.2, 0.3)),
        new Pair(
            "sphereface s=32 m1=4 λ=5",
            SphereFace.fixedLambda(32, 4, 5),
            new SphereFaceLoss(32, 4, 5)),
        new Pair(
            "sphereface s=16 m1=4 λ=0",
            SphereFace.fixedLambda(16, 4, 0),
            new SphereFaceLoss(16, 4, 0)),
        new Pair("modulated s=32 a=0", ModulatedSoftmax.of(32, 0), new ModulatedSoftmaxLoss(32, 0)),
        new Pair(
            "modulated s=32 a=-e^{32/3}",
            ModulatedSoftmax.of(32, -Math.exp(32.0 / 3)),
            new ModulatedSoftmaxLoss(32, -Math.exp(32.0 / 3))),
        new Pair(
            "modulated s=64 a=-1e6",
            ModulatedSoftmax.of(64, -1e6),
            new ModulatedSoftmaxLoss(64, -1e6)),
        new Pair(
            "modulated_local s=32",
            LocalModulatedSoftmax.of(32, aBins),
            new LocalModulatedSoftmaxLoss(32, aBins)),
        new Pair("amlfs s=32", AmLfs.of(32, alpha, beta), new AmLfsLoss(32, alpha, beta)));
  }

  @TestFactory
  Stream<DynamicTest> everyGraphLossMatchesItsReference() {
    return pairs().stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> check(p)));
  }

  private static void check(Pair pair) {
    LossHarness.Compiled graph = harness.compile(pair.graph(), TFloat64.class);
    Random random = new Random(pair.name().hashCode());
    for (int b = 0; b < BATCHES; b++) {
      int n = 1 + random.nextInt(8);
      int k = 2 + random.nextInt(30);
      double[][] cos = new double[n][k];
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < k; j++) {
          // Away from ±1, where acos has an infinite slope and both sides clip differently.
          cos[i][j] = -0.98 + 1.96 * random.nextDouble();
        }
        labels[i] = random.nextInt(k);
        if (random.nextBoolean()) {
          cos[i][labels[i]] = 0.3 + 0.68 * random.nextDouble(); // easy samples too: p near 1
        }
      }
      LossHarness.Evaluation got = graph.run(cos, labels, 0L);
      double[] loss = pair.reference().perSample(cos, labels);
      double[][] grad = pair.reference().gradSum(cos, labels);
      for (int i = 0; i < n; i++) {
        assertClose(pair.name() + " batch " + b + " loss[" + i + "]", loss[i], got.loss()[i]);
        for (int j = 0; j < k; j++) {
          assertClose(
              pair.name()
                  + " batch "
                  + b
                  + " grad["
                  + i
                  + "]["
                  + j
                  + "] of row "
                  + Arrays.toString(cos[i])
                  + " label "
                  + labels[i],
              grad[i][j],
              got.grad()[i][j]);
        }
      }
    }
  }

  private static void assertClose(String what, double expected, double actual) {
    double tolerance = RELATIVE * Math.abs(expected) + ABSOLUTE;
    assertTrue(
        Math.abs(expected - actual) <= tolerance,
        () -> what + ": reference " + expected + ", graph " + actual);
  }
}
