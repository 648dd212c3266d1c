package io.lfsbeam.train.loss;

import static io.lfsbeam.train.loss.LossAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * The two binned losses pick their parameters from the bin of p: the local modulated softmax and
 * AM-LFS. Samples are built with two classes so p = σ(s·(cos_y − cos_other)) lands exactly where
 * intended (bin centres, away from the edges).
 */
class BinnedLossesTest extends WithLossHarness {
  private static final double S = 32;

  /** Two-class rows, label 0, whose true-class probability is {@code p[n]} at scale S. */
  private static double[][] rowsWithProbabilities(double[] p) {
    double[][] cos = new double[p.length][2];
    for (int n = 0; n < p.length; n++) {
      double logit = Math.log(p[n] / (1 - p[n]));
      cos[n][0] = 0.5 * logit / S;
      cos[n][1] = -0.5 * logit / S;
    }
    return cos;
  }

  private static double[] binCentres(int bins) {
    double[] p = new double[bins];
    for (int j = 0; j < bins; j++) {
      p[j] = (j + 0.5) / bins;
    }
    return p;
  }

  @Test
  void localModulatedUsesTheFactorOfEachSamplesBin() {
    double[] aBins = {-2, -5, -10, -20, -50, -100, -200, -500, -1000, -2000};
    double[][] cos = rowsWithProbabilities(binCentres(10));
    int[] labels = new int[cos.length];
    LossHarness.Evaluation local =
        harness.compile(LocalModulatedSoftmax.of(S, aBins), TFloat64.class).run(cos, labels, 0);
    // Reference: the plain modulated loss fed one a per sample, the a of the bin it was built in.
    Placeholder<TFloat64> cosIn = harness.tf.placeholder(TFloat64.class);
    Operand<TFloat64> perSampleA = harness.tf.constant(aBins);
    Operand<TFloat64> loss =
        ModulatedSoftmax.of(S, 0.0)
            .perSampleWithA(harness.tf, cosIn, harness.tf.constant(labels), perSampleA);
    Operand<TFloat64> grad = harness.gradientOfSum(loss, cosIn);
    List<double[]> expected;
    try (Tensor c = LossHarness.floatTensor(cos, false)) {
      expected = harness.fetch(List.of(cosIn), List.of(c), List.of(loss, grad));
    }
    assertClose(expected.get(0), local.loss(), 1e-12, 1e-12, "per-sample loss");
    assertClose(expected.get(1), flatten(local.grad()), 1e-12, 1e-12, "gradient");
  }

  @Test
  void localModulatedWithOneFactorEverywhereIsTheModulatedLoss() {
    double[] aBins = new double[LocalModulatedSoftmax.DEFAULT_BINS];
    Arrays.fill(aBins, -300);
    double[][] cos = {{0.3, -0.2, 0.9, 0.1}, {-0.7, 0.6, 0.2, 0.0}, {0.99, -0.99, 0.5, -0.3}};
    int[] labels = {0, 1, 0};
    LossHarness.Evaluation local =
        harness.compile(LocalModulatedSoftmax.of(S, aBins), TFloat32.class).run(cos, labels, 0);
    LossHarness.Evaluation plain =
        harness.compile(ModulatedSoftmax.of(S, -300), TFloat32.class).run(cos, labels, 0);
    assertClose(plain.loss(), local.loss(), 1e-6, 1e-7, "loss");
    assertClose(plain.grad(), local.grad(), 1e-6, 1e-7, "gradient");
  }

  @Test
  void amLfsIdentityIsNormFace() {
    double[][] cos = {{0.3, -0.2, 0.9, 0.1}, {-0.7, 0.6, 0.2, 0.0}, {0.99, -0.99, 0.5, -0.3}};
    int[] labels = {0, 1, 3};
    double[] ones = {1, 1, 1, 1, 1, 1};
    double[] zeros = new double[6];
    LossHarness.Evaluation amLfs =
        harness.compile(AmLfs.of(S, ones, zeros), TFloat32.class).run(cos, labels, 0);
    LossHarness.Evaluation normFace =
        harness.compile(new NormalizedSoftmax(S), TFloat32.class).run(cos, labels, 0);
    assertClose(normFace.loss(), amLfs.loss(), 1e-5, 1e-6, "loss");
    assertClose(normFace.grad(), amLfs.grad(), 1e-5, 1e-6, "gradient");
  }

  @Test
  void amLfsAppliesEachBinsSlopeAndIntercept() {
    // bin 1 falls (α < 0), as the policy's projected τ may: it takes the linear form, τ > 0 on the
    // bin
    double[] alpha = {0.9, -0.2, 1.0, 0.6, 0.95};
    double[] beta = {0.05, 0.5, 0.0, 0.3, 0.05};
    double[] p = binCentres(5);
    double[][] cos = rowsWithProbabilities(p);
    LossHarness.Evaluation got =
        harness.compile(AmLfs.of(S, alpha, beta), TFloat32.class).run(cos, new int[p.length], 0);
    double[] expectedLoss = new double[p.length];
    double[][] expectedGrad = new double[p.length][2];
    for (int j = 0; j < p.length; j++) {
      double tau = alpha[j] * p[j] + beta[j];
      expectedLoss[j] = -Math.log(tau);
      // dL/dz_y = −α p (1 − p) / τ; z = S·cos, and d/dcos_other is the negative.
      double dz = -alpha[j] * p[j] * (1 - p[j]) / tau;
      expectedGrad[j][0] = S * dz;
      expectedGrad[j][1] = -S * dz;
    }
    assertClose(expectedLoss, got.loss(), 1e-4, 1e-5, "loss");
    assertClose(expectedGrad, got.grad(), 1e-4, 1e-4, "gradient");
  }

  @Test
  void rejectsParametersWithTauNotPositiveOnABin() {
    assertThrows(
        IllegalArgumentException.class,
        () -> AmLfs.of(S, new double[] {1, 0}, new double[] {0, 0}));
    // τ crosses 0 inside bin 1 ([0.5, 1]: 1·0.5 − 0.6 < 0)
    assertThrows(
        IllegalArgumentException.class,
        () -> AmLfs.of(S, new double[] {1, 1}, new double[] {0, -0.6}));
    assertThrows(
        IllegalArgumentException.class, () -> AmLfs.of(S, new double[] {1, 1}, new double[] {0}));
    assertThrows(IllegalArgumentException.class, () -> LocalModulatedSoftmax.of(S, new double[0]));
    assertThrows(
        IllegalArgumentException.class, () -> LocalModulatedSoftmax.of(S, new double[] {-1, 2}));
  }

  private static double[] flatten(double[][] m) {
    return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
  }
}
