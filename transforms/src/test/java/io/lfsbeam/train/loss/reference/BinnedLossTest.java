package io.lfsbeam.train.loss.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The losses whose parameters depend on the bin of p: local modulated softmax and AM-LFS. */
class BinnedLossTest {
  private static final double S = 8;
  private static final int K = 5;

  @Test
  void binsAreHalfOpenWithOneInTheLast() {
    assertEquals(0, ProbabilityBins.binOf(0.0, 10));
    assertEquals(0, ProbabilityBins.binOf(0.0999, 10));
    assertEquals(1, ProbabilityBins.binOf(0.1, 10));
    assertEquals(9, ProbabilityBins.binOf(0.95, 10));
    assertEquals(9, ProbabilityBins.binOf(1.0, 10));
    assertEquals(5, ProbabilityBins.binOf(5.5 / 6, 6));
    assertEquals(0, ProbabilityBins.binOf(0.7, 1));
    assertThrows(IllegalArgumentException.class, () -> ProbabilityBins.binOf(1.5, 10));
    assertThrows(IllegalArgumentException.class, () -> ProbabilityBins.binOf(0.5, 0));
  }

  @Test
  void localLossUsesTheFactorOfEachSamplesOwnBin() {
    double[] a = new double[10];
    for (int j = 0; j < 10; j++) {
      a[j] = -(j + 1) * 10.0;
    }
    LocalModulatedSoftmaxLoss local = new LocalModulatedSoftmaxLoss(S, a);
    Random rnd = new Random(21);
    boolean[] seen = new boolean[10];
    for (int trial = 0; trial < 400; trial++) {
      double[][] cos = {randomRow(rnd)};
      int[] label = {rnd.nextInt(K)};
      int bin = ProbabilityBins.binOf(probability(cos[0], label[0]), 10);
      seen[bin] = true;
      ModulatedSoftmaxLoss fixed = new ModulatedSoftmaxLoss(S, a[bin]);
      Close.assertClose(
          "loss bin " + bin, fixed.perSample(cos, label), local.perSample(cos, label), 1e-15, 0);
      Close.assertClose(
          "grad bin " + bin, fixed.gradSum(cos, label), local.gradSum(cos, label), 1e-15, 0);
    }
    int count = 0;
    for (boolean b : seen) {
      count += b ? 1 : 0;
    }
    assertTrue(count >= 8, "only " + count + " bins reached");
  }

  @Test
  void amLfsAtIdentityIsNormFace() {
    AmLfsLoss identity = new AmLfsLoss(S, new double[] {1, 1, 1, 1, 1, 1}, new double[6]);
    NormalizedSoftmaxLoss normFace = new NormalizedSoftmaxLoss(S);
    Random rnd = new Random(22);
    double[][] cos = new double[50][];
    int[] labels = new int[50];
    for (int i = 0; i < 50; i++) {
      cos[i] = randomRow(rnd);
      labels[i] = rnd.nextInt(K);
    }
    Close.assertClose(
        "loss", normFace.perSample(cos, labels), identity.perSample(cos, labels), 1e-14, 1e-300);
    Close.assertClose(
        "grad", normFace.gradSum(cos, labels), identity.gradSum(cos, labels), 1e-14, 1e-300);
  }

  @Test
  void amLfsIsMinusLogTauOfTheSoftmaxProbability() {
    double[] alpha = {0.9, 1.0, 0.8, 0.95, 0.85, 1.0};
    double[] beta = {0.05, 0.0, 0.1, 0.02, 0.0, 0.0};
    AmLfsLoss loss = new AmLfsLoss(S, alpha, beta);
    Random rnd = new Random(23);
    for (int trial = 0; trial < 300; trial++) {
      double[] row = randomRow(rnd);
      int y = rnd.nextInt(K);
      double p = probability(row, y);
      int bin = Math.min((int) (p * 6), 5);
      double expected = -Math.log(alpha[bin] * p + beta[bin]);
      Close.assertClose(
          "p=" + p, expected, loss.perSample(new double[][] {row}, new int[] {y})[0], 1e-12, 1e-15);
      Close.assertClose("tau p=" + p, alpha[bin] * p + beta[bin], loss.tau(p), 1e-15, 0);
    }
  }

  private static double[] randomRow(Random rnd) {
    double[] row = new double[K];
    for (int k = 0; k < K; k++) {
      row[k] = 2 * rnd.nextDouble() - 1;
    }
    return row;
  }

  /** Direct softmax probability of the true class, fine at s = 8. */
  private static double probability(double[] row, int y) {
    double sum = 0;
    for (double c : row) {
      sum += Math.exp(S * c);
    }
    return Math.exp(S * row[y]) / sum;
  }
}
