package io.lfsbeam.train.loss.reference;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** How the margin losses relate: the combined margin contains ArcFace and CosFace; all lower p. */
class MarginFamilyTest {
  private static final int N = 200;
  private static final int K = 5;

  private static double[][] cos(Random rnd) {
    double[][] cos = new double[N][K];
    for (double[] row : cos) {
      for (int k = 0; k < K; k++) {
        row[k] = 2 * rnd.nextDouble() - 1;
      }
    }
    return cos;
  }

  private static int[] labels(Random rnd) {
    int[] labels = new int[N];
    for (int i = 0; i < N; i++) {
      labels[i] = rnd.nextInt(K);
    }
    return labels;
  }

  @Test
  void combinedWithUnitM1AndNoAdditiveMarginIsArcFaceIncludingTheFallback() {
    Random rnd = new Random(11);
    double[][] cos = cos(rnd);
    int[] labels = labels(rnd);
    ReferenceLoss arc = new ArcFaceLoss(30, 0.5);
    ReferenceLoss combined = new CombinedMarginLoss(30, 1.0, 0.0, 0.5);
    Close.assertClose(
        "loss", arc.perSample(cos, labels), combined.perSample(cos, labels), 1e-14, 0);
    Close.assertClose("grad", arc.gradSum(cos, labels), combined.gradSum(cos, labels), 1e-14, 0);
  }

  @Test
  void combinedWithUnitM1AndNoAngularMarginIsCosFace() {
    Random rnd = new Random(12);
    double[][] cos = cos(rnd);
    int[] labels = labels(rnd);
    ReferenceLoss cosFace = new CosFaceLoss(30, 0.35);
    ReferenceLoss combined = new CombinedMarginLoss(30, 1.0, 0.35, 0.0);
    Close.assertClose(
        "loss", cosFace.perSample(cos, labels), combined.perSample(cos, labels), 1e-12, 1e-15);
    Close.assertClose(
        "grad", cosFace.gradSum(cos, labels), combined.gradSum(cos, labels), 1e-12, 1e-15);
  }

  @Test
  void arcFaceFallbackKeepsTheTargetDecreasingInTheta() {
    ArcFaceLoss arc = new ArcFaceLoss(30, 0.5);
    double previous = Double.POSITIVE_INFINITY;
    for (int i = 0; i <= 10_000; i++) {
      double f = arc.margined(Math.cos(Math.PI * i / 10_000.0));
      assertTrue(f < previous, "f not decreasing at theta = " + Math.PI * i / 10_000.0);
      previous = f;
    }
  }

  @Test
  void everyMarginLowersTheTargetLogitAndRaisesTheLoss() {
    Random rnd = new Random(13);
    double[][] cos = cos(rnd);
    int[] labels = labels(rnd);
    double s = 30;
    double[] normFace = new NormalizedSoftmaxLoss(s).perSample(cos, labels);
    MarginSoftmaxLoss[] margins = {
      new CosFaceLoss(s, 0.35),
      new ArcFaceLoss(s, 0.5),
      new CombinedMarginLoss(s, 1.0, 0.2, 0.3),
      new CombinedMarginLoss(s, 1.35, 0.2, 0.3),
      new SphereFaceLoss(s, 4, 5.0),
    };
    for (MarginSoftmaxLoss margin : margins) {
      double[] values = margin.perSample(cos, labels);
      for (int i = 0; i < N; i++) {
        double c = cos[i][labels[i]];
        String at = margin.getClass().getSimpleName() + " cos_y=" + c;
        assertTrue(margin.margined(c) <= c + 1e-15, at + ": f > cos");
        assertTrue(values[i] >= normFace[i] - 1e-12, at + ": loss below NormFace");
      }
    }
  }

  @Test
  void rejectsBadBatches() {
    ReferenceLoss loss = new CosFaceLoss(30, 0.35);
    assertThrows(
        IllegalArgumentException.class,
        () -> loss.perSample(new double[][] {{0.1, 0.2}}, new int[] {2}));
    assertThrows(
        IllegalArgumentException.class,
        () -> loss.perSample(new double[][] {{0.1, 0.2}}, new int[] {0, 1}));
    assertThrows(
        IllegalArgumentException.class, () -> loss.gradSum(new double[][] {{0.1}}, new int[] {0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> loss.gradSum(new double[][] {{0.1, 0.2}, {0.3}}, new int[] {0, 0}));
    assertThrows(IllegalArgumentException.class, () -> new NormalizedSoftmaxLoss(0));
  }
}
