package io.lfsbeam.train.loss;

import static io.lfsbeam.train.loss.LossAssertions.assertClose;
import static io.lfsbeam.train.loss.LossAssertions.assertFinite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.search.policy.CosFaceEquivalence;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/** The modulated loss L(a) against its defining identities (METHOD.md section 1), in float32. */
class ModulatedSoftmaxTest extends WithLossHarness {
  /** Cosines as close to ±1 as embeddings get before float32 rounds them to ±1. */
  private static final double NEAR_ONE = 1 - 1e-6;

  /** Random rows plus the extreme rows (easy, hard, all equal) at cosines ±(1 − 1e-6). */
  private static double[][] cosines(long seed, int[] labels, int k) {
    Random random = new Random(seed);
    double[][] cos = new double[labels.length][k];
    for (int n = 0; n < labels.length; n++) {
      for (int j = 0; j < k; j++) {
        cos[n][j] =
            switch (n % 5) {
              case 0 -> j == labels[n] ? NEAR_ONE : -NEAR_ONE; // easy: p -> 1
              case 1 -> j == labels[n] ? -NEAR_ONE : NEAR_ONE; // hard: p -> 0
              case 2 -> NEAR_ONE; // all equal at +1
              case 3 -> -NEAR_ONE; // all equal at -1
              default -> 2 * random.nextDouble() - 1;
            };
      }
    }
    return cos;
  }

  private static int[] labels(long seed, int n, int k) {
    Random random = new Random(seed);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(k);
    }
    return y;
  }

  @ParameterizedTest(name = "s={0}, m={1}")
  @CsvSource({"32, 0.35", "64, 0.35", "32, 0.5", "64, 0.5", "30, 0.1"})
  void aEqualToOneMinusExpOfScaledMarginIsCosFace(double s, double m) {
    int[] y = labels(11, 10, 6);
    double[][] cos = cosines(12, y, 6);
    double a = 1 - Math.exp(s * m);
    assertEquals(a, CosFaceEquivalence.modulatingFactor(m, s), 1e-12 * Math.abs(a));
    LossHarness.Evaluation cosFace =
        harness.compile(new CosFace(s, m), TFloat32.class).run(cos, y, 0);
    LossHarness.Evaluation modulated =
        harness.compile(ModulatedSoftmax.of(s, a), TFloat32.class).run(cos, y, 0);
    assertClose(cosFace.loss(), modulated.loss(), 1e-4, 2e-6 * s, "loss");
    assertClose(cosFace.grad(), modulated.grad(), 1e-4, 2e-6 * s, "gradient");
  }

  @Test
  void aZeroIsNormFace() {
    int[] y = labels(21, 10, 7);
    double[][] cos = cosines(22, y, 7);
    for (double s : new double[] {16, 32, 64}) {
      LossHarness.Evaluation normFace =
          harness.compile(new NormalizedSoftmax(s), TFloat32.class).run(cos, y, 0);
      LossHarness.Evaluation modulated =
          harness.compile(ModulatedSoftmax.of(s, 0.0), TFloat32.class).run(cos, y, 0);
      // Same float32 ops on the same logits: equal to rounding, not just to a tolerance.
      assertClose(normFace.loss(), modulated.loss(), 1e-6, 1e-7, "loss at s=" + s);
      assertClose(normFace.grad(), modulated.grad(), 1e-6, 1e-7, "gradient at s=" + s);
    }
  }

  @Test
  void largerModulatingFactorNeverLowersTheLoss() {
    int[] y = labels(31, 10, 5);
    double[][] cos = cosines(32, y, 5);
    double[] previous = null;
    for (double a : new double[] {0, -1e-3, -1, -1e3, -1e6}) {
      double[] loss =
          harness.compile(ModulatedSoftmax.of(32, a), TFloat32.class).run(cos, y, 0).loss();
      if (previous != null) {
        for (int n = 0; n < loss.length; n++) {
          assertTrue(
              loss[n] >= previous[n] - 1e-5,
              "L(a) must grow with |a| (a=" + a + ", sample " + n + ")");
        }
      }
      previous = loss;
    }
  }

  /**
   * One graph with a fed through a placeholder (how a search reuses the graph across candidates):
   * finite loss and gradient at s = 64 for |a| from 1e-3 to 1e6 and cosines at ±(1 − 1e-6), equal
   * to the float64 graph with a constant a.
   */
  @Test
  void extremeFactorsAndCosinesStayFiniteWithAFedPlaceholder() {
    double s = 64;
    int[] y = labels(41, 10, 5);
    double[][] cos = cosines(42, y, 5);
    Placeholder<TFloat32> cosIn = harness.tf.placeholder(TFloat32.class);
    Placeholder<TFloat32> aIn = harness.tf.placeholder(TFloat32.class);
    Operand<TFloat32> loss =
        ModulatedSoftmax.of(s, 0.0).perSampleWithA(harness.tf, cosIn, harness.tf.constant(y), aIn);
    Operand<TFloat32> grad = harness.gradientOfSum(loss, cosIn);
    for (double a : new double[] {-1e-3, -1, -1e3, -1e6}) {
      List<double[]> got;
      try (Tensor c = LossHarness.floatTensor(cos, true);
          TFloat32 aValue = TFloat32.scalarOf((float) a)) {
        got = harness.fetch(List.of(cosIn, aIn), List.of(c, aValue), List.of(loss, grad));
      }
      assertFinite(got.get(0), "loss at a=" + a);
      assertFinite(got.get(1), "gradient at a=" + a);
      LossHarness.Evaluation reference =
          harness.compile(ModulatedSoftmax.of(s, a), TFloat64.class).run(cos, y, 0);
      assertClose(reference.loss(), got.get(0), 1e-4, 2e-6 * s, "loss at a=" + a);
      double[] flatGrad = new double[got.get(1).length];
      for (int n = 0; n < reference.grad().length; n++) {
        System.arraycopy(reference.grad()[n], 0, flatGrad, n * 5, 5);
      }
      assertClose(flatGrad, got.get(1), 1e-4, 2e-6 * s, "gradient at a=" + a);
    }
  }

  @Test
  void rejectsPositiveOrInfiniteFactors() {
    assertThrows(IllegalArgumentException.class, () -> ModulatedSoftmax.of(32, 0.5));
    assertThrows(
        IllegalArgumentException.class, () -> ModulatedSoftmax.of(32, Double.NEGATIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> ModulatedSoftmax.of(32, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> ModulatedSoftmax.of(0, -1));
  }
}
