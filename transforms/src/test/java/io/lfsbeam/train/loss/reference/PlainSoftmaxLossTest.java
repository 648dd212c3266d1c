package io.lfsbeam.train.loss.reference;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Plain softmax cross-entropy on raw logits. */
class PlainSoftmaxLossTest {
  private final PlainSoftmaxLoss loss = new PlainSoftmaxLoss();

  @Test
  void uniformLogitsCostLogK() {
    for (int k = 2; k <= 10; k++) {
      double[][] logits = {new double[k]};
      Arrays.fill(logits[0], 3.7);
      Close.assertClose(
          "K=" + k, Math.log(k), loss.perSample(logits, new int[] {k - 1})[0], 1e-14, 0);
    }
  }

  @Test
  void gradientIsSoftmaxMinusOneHotAndHugeLogitsStayFinite() {
    Random rnd = new Random(31);
    for (int trial = 0; trial < 100; trial++) {
      double[] z = new double[6];
      for (int k = 0; k < z.length; k++) {
        z[k] = 10 * rnd.nextGaussian();
      }
      int y = rnd.nextInt(z.length);
      double sum = 0;
      for (double v : z) {
        sum += Math.exp(v);
      }
      double[] expected = new double[z.length];
      for (int k = 0; k < z.length; k++) {
        expected[k] = Math.exp(z[k]) / sum - (k == y ? 1 : 0);
      }
      Close.assertClose(
          "trial " + trial,
          expected,
          loss.gradSum(new double[][] {z}, new int[] {y})[0],
          1e-9,
          1e-15);
      // shifting every logit by 1000 would overflow a naive softmax but not change the loss
      double[] shifted = z.clone();
      for (int k = 0; k < z.length; k++) {
        shifted[k] += 1000;
      }
      Close.assertClose(
          "shift " + trial,
          loss.perSample(new double[][] {z}, new int[] {y})[0],
          loss.perSample(new double[][] {shifted}, new int[] {y})[0],
          1e-9,
          1e-12);
    }
  }
}
