package io.lfsbeam.train.loss.reference;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.search.policy.CosFaceEquivalence;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The searched loss L(a): its equivalences with NormFace and CosFace, and its numerical range. */
class ModulatedSoftmaxLossTest {
  private static final int N = 40;
  private static final int K = 7;

  private static double[][] randomCos(Random rnd) {
    double[][] cos = new double[N][K];
    for (double[] row : cos) {
      for (int k = 0; k < K; k++) {
        row[k] = 2 * rnd.nextDouble() - 1;
      }
    }
    return cos;
  }

  private static int[] randomLabels(Random rnd) {
    int[] labels = new int[N];
    Arrays.setAll(labels, i -> rnd.nextInt(K));
    return labels;
  }

  @Test
  void zeroFactorIsNormFace() {
    Random rnd = new Random(1);
    for (double s : new double[] {1, 32, 64}) {
      double[][] cos = randomCos(rnd);
      int[] labels = randomLabels(rnd);
      ReferenceLoss modulated = new ModulatedSoftmaxLoss(s, 0.0);
      ReferenceLoss normFace = new NormalizedSoftmaxLoss(s);
      Close.assertClose(
          "loss s=" + s,
          normFace.perSample(cos, labels),
          modulated.perSample(cos, labels),
          1e-15,
          0);
      Close.assertClose(
          "grad s=" + s, normFace.gradSum(cos, labels), modulated.gradSum(cos, labels), 1e-15, 0);
    }
  }

  @Test
  void cosFaceFactorIsCosFace() {
    Random rnd = new Random(2);
    for (double s : new double[] {16, 32, 64}) {
      for (double m : new double[] {0.1, 0.35, 0.5}) {
        double[][] cos = randomCos(rnd);
        int[] labels = randomLabels(rnd);
        ReferenceLoss modulated =
            new ModulatedSoftmaxLoss(s, CosFaceEquivalence.modulatingFactor(m, s));
        ReferenceLoss cosFace = new CosFaceLoss(s, m);
        String at = "s=" + s + " m=" + m;
        Close.assertClose(
            "loss " + at,
            cosFace.perSample(cos, labels),
            modulated.perSample(cos, labels),
            1e-9,
            1e-12);
        Close.assertClose(
            "grad " + at,
            cosFace.gradSum(cos, labels),
            modulated.gradSum(cos, labels),
            1e-9,
            1e-12);
      }
    }
  }

  /**
   * Extreme factors and cosines a hair from ±1 at s = 64: the loss is finite, no smaller than
   * NormFace's, growing in |a|, and each row's gradient is finite, bounded by 2s per entry and sums
   * to zero (the loss is invariant to adding a constant to every logit).
   */
  @Test
  void finiteForExtremeFactorsAndCosines() {
    double s = 64;
    double lo = -1 + 1e-7;
    double hi = 1 - 1e-7;
    double[][] cos = {
      {hi, lo, lo, lo}, // confidently right
      {lo, hi, hi, hi}, // confidently wrong
      {hi, hi, hi, hi}, // tie at the top
      {lo, lo, lo, lo}, // tie at the bottom
      {lo, hi, lo, lo}, // one strong rival
      {hi, lo, hi, lo},
    };
    int[] labels = new int[cos.length];
    double[] normFace = new NormalizedSoftmaxLoss(s).perSample(cos, labels);
    double[] previous = normFace;
    for (double magnitude : new double[] {1e-3, 1, 1e3, 1e6}) {
      ModulatedSoftmaxLoss loss = new ModulatedSoftmaxLoss(s, -magnitude);
      double[] values = loss.perSample(cos, labels);
      double[][] grad = loss.gradSum(cos, labels);
      for (int i = 0; i < cos.length; i++) {
        String at = "|a|=" + magnitude + " row " + Arrays.toString(cos[i]);
        assertTrue(Double.isFinite(values[i]) && values[i] >= 0, at + ": loss " + values[i]);
        assertTrue(values[i] >= normFace[i], at + ": below NormFace");
        assertTrue(values[i] >= previous[i], at + ": not increasing in |a|");
        double sum = 0;
        for (double g : grad[i]) {
          assertTrue(
              Double.isFinite(g) && Math.abs(g) <= 2 * s,
              at + ": gradient " + Arrays.toString(grad[i]));
          sum += g;
        }
        Close.assertClose(at + ": gradient sum", 0.0, sum, 0, 1e-9 * s);
      }
      previous = values;
    }
  }

  @Test
  void keepsPrecisionWhenTheTargetIsAlmostCertain() {
    // 1 − p ≈ 3e^{−128} rounds p to exactly 1, so a naive −log p + log(1 + |a|(1 − p)) returns 0.
    // To first order in ε = Σ_{k≠y} e^{z_k − z_y}: −log p ≈ ε and log(1 + |a|(1 − p)) ≈ |a|·ε.
    double s = 64;
    double lo = -1 + 1e-7;
    double hi = 1 - 1e-7;
    double eps = 3 * Math.exp(s * (lo - hi));
    for (double magnitude : new double[] {0, 1e-3, 1, 1e3, 1e6}) {
      double value =
          new ModulatedSoftmaxLoss(s, -magnitude)
              .perSample(new double[][] {{hi, lo, lo, lo}}, new int[] {0})[0];
      Close.assertClose("|a|=" + magnitude, (1 + magnitude) * eps, value, 1e-9, 0);
    }
  }

  @Test
  void largeFactorLossMatchesTheDirectFormulaWhereThatIsStillRepresentable() {
    // At s = 4 nothing underflows, so −log p + log(1 + |a|(1 − p)) can be evaluated naively.
    double s = 4;
    Random rnd = new Random(3);
    double[][] cos = randomCos(rnd);
    int[] labels = randomLabels(rnd);
    for (double a : new double[] {-1e-3, -1, -1e3, -1e6}) {
      double[] values = new ModulatedSoftmaxLoss(s, a).perSample(cos, labels);
      for (int i = 0; i < N; i++) {
        double denom = 0;
        for (double c : cos[i]) {
          denom += Math.exp(s * c);
        }
        double p = Math.exp(s * cos[i][labels[i]]) / denom;
        double direct = -Math.log(p) + Math.log(1 + Math.abs(a) * (1 - p));
        Close.assertClose("a=" + a + " row " + i, direct, values[i], 1e-10, 1e-12);
      }
    }
  }

  @Test
  void rejectsPositiveFactors() {
    assertThrows(IllegalArgumentException.class, () -> new ModulatedSoftmaxLoss(32, 0.5));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ModulatedSoftmaxLoss(32, Double.NEGATIVE_INFINITY));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LocalModulatedSoftmaxLoss(32, new double[] {-1, 2}));
  }
}
