package io.lfsbeam.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat64;

/**
 * AdaFace's running statistics on batches the vectors do not cover, against hand derivations: the
 * unbiased std of two norms, and a batch of one, where the official code's std is 0/0 = NaN and
 * this implementation keeps the previous σ (AdaFace's class comment).
 */
class AdaFaceBatchStatisticsTest extends WithLossHarness {
  private static final double[][] COS = {{0.6, 0.1, -0.2}, {0.3, 0.5, 0.0}};

  private final FedLossInputs ada =
      new FedLossInputs(
          harness,
          GraphLosses.of(
              LossFamily.ADAFACE, LossParams.newBuilder().setScale(64).setM2(0.4).build()),
          TFloat64.class,
          false);

  @Test
  void twoNormsMoveTheStdByTheirUnbiasedStd() {
    FedLossInputs.Run run =
        ada.run(COS, new int[] {0, 1}, new double[] {10, 30}, start(), new double[2]);
    // mean 20; unbiased std sqrt((10² + 10²)/(2 − 1)) = sqrt(200)
    assertEquals(0.01 * 20 + 0.99 * 20, run.state().get(AdaFace.MEAN), 1e-12);
    assertEquals(0.01 * Math.sqrt(200) + 0.99 * 100, run.state().get(AdaFace.STD), 1e-12);
  }

  @Test
  void aBatchOfOneKeepsTheStdAndStaysFinite() {
    FedLossInputs.Run run =
        ada.run(new double[][] {COS[0]}, new int[] {0}, new double[] {30}, start(), new double[1]);
    assertEquals(0.01 * 30 + 0.99 * 20, run.state().get(AdaFace.MEAN), 1e-12);
    assertEquals(100, run.state().get(AdaFace.STD), 0.0);
    LossAssertions.assertFinite(run.loss(), "loss");
    LossAssertions.assertFinite(run.gradCos(), "gradient");
    // the scaler h·(30 − 20.1)/(100 + 1e-3), by hand: target cos(θ − m·ẑ) − (m + m·ẑ)
    double z = 0.333 * (30 - 20.1) / (100 + 1e-3);
    double target = Math.cos(Math.acos(0.6) - 0.4 * z) - (0.4 + 0.4 * z);
    double[] logits = {64 * target, 64 * 0.1, 64 * -0.2};
    double lse = Math.log(Math.exp(logits[0]) + Math.exp(logits[1]) + Math.exp(logits[2]));
    assertEquals(lse - logits[0], run.loss()[0], 1e-9);
  }

  private static Map<String, Double> start() {
    return Map.of(AdaFace.MEAN, 20.0, AdaFace.STD, 100.0);
  }
}
