package io.lfsbeam.train.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * TensorFlow's symbolic gradients agree with central finite differences of the same graph run in
 * float64, and the float32 graph's gradients agree with the float64 ones. This catches a wrong or
 * missing op gradient independently of the test vectors (and covers the plain softmax, the annealed
 * SphereFace λ and non-zero AM-LFS intercepts, which the vectors do not).
 *
 * <p>Cosines are seeded uniform draws in [−0.95, 0.95]; a step of 1e-6 makes crossing a kink
 * (ArcFace's π − m switch, SphereFace's k, a bin edge) vanishingly unlikely for fixed draws.
 */
class FiniteDifferenceGradientTest extends WithLossHarness {
  private static final int N = 4;
  private static final int K = 5;
  private static final double H = 1e-6;

  static Stream<Arguments> losses() {
    return Stream.of(
        Arguments.of(new PlainSoftmax(), 1L, 5.0),
        Arguments.of(new NormalizedSoftmax(16), 2L, 1.0),
        Arguments.of(new CosFace(16, 0.35), 3L, 1.0),
        Arguments.of(new ArcFace(16, 0.5), 4L, 1.0),
        Arguments.of(new CombinedMargin(16, 1.2, 0.2, 0.3), 5L, 1.0),
        Arguments.of(SphereFace.annealed(16, 4, 5, 1000, 1e-3, 2), 6L, 1.0),
        Arguments.of(ModulatedSoftmax.of(16, -100), 7L, 1.0),
        Arguments.of(
            LocalModulatedSoftmax.of(
                16, new double[] {-1, -3, -10, -30, -100, -300, -1e3, -3e3, -1e4, -3e4}),
            8L,
            1.0),
        Arguments.of(
            AmLfs.of(
                16,
                new double[] {0.9, 1.0, 0.8, 1.0, 0.95},
                new double[] {0.01, 0.0, 0.05, 0.0, 0.02}),
            9L,
            1.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void symbolicGradientMatchesFiniteDifferences(GraphLoss loss, long seed, double range) {
    Random random = new Random(seed);
    double[][] cos = new double[N][K];
    int[] labels = new int[N];
    for (int n = 0; n < N; n++) {
      labels[n] = random.nextInt(K);
      for (int k = 0; k < K; k++) {
        cos[n][k] = range * 0.95 * (2 * random.nextDouble() - 1);
      }
    }
    long step = 10_000;
    LossHarness.Compiled graph64 = harness.compile(loss, TFloat64.class);
    LossHarness.Evaluation exact = graph64.run(cos, labels, step);
    double worstFd = 0;
    for (int n = 0; n < N; n++) {
      for (int k = 0; k < K; k++) {
        double saved = cos[n][k];
        cos[n][k] = saved + H;
        double up = sum(graph64.run(cos, labels, step).loss());
        cos[n][k] = saved - H;
        double down = sum(graph64.run(cos, labels, step).loss());
        cos[n][k] = saved;
        double fd = (up - down) / (2 * H);
        double g = exact.grad()[n][k];
        worstFd = Math.max(worstFd, Math.abs(fd - g) / (1e-6 * Math.abs(g) + 1e-6));
      }
    }
    LossHarness.Evaluation single = harness.compile(loss, TFloat32.class).run(cos, labels, step);
    double worst32 = 0;
    for (int n = 0; n < N; n++) {
      worst32 =
          Math.max(
              worst32,
              Math.abs(single.loss()[n] - exact.loss()[n])
                  / (1e-4 * Math.abs(exact.loss()[n]) + 1e-5));
      for (int k = 0; k < K; k++) {
        double g = exact.grad()[n][k];
        worst32 =
            Math.max(worst32, Math.abs(single.grad()[n][k] - g) / (1e-4 * Math.abs(g) + 1e-5));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s: FD vs float64 graph %.3g, float32 vs float64 %.3g (fraction of tolerance)%n",
        loss,
        worstFd,
        worst32);
    assertTrue(
        worstFd <= 1, "float64 gradient differs from central finite differences: " + worstFd);
    assertTrue(worst32 <= 1, "float32 graph differs from the float64 graph: " + worst32);
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }
}
