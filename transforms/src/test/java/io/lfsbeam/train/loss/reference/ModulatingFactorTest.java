package io.lfsbeam.train.loss.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.search.policy.CosFaceEquivalence;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The modulating-factor view of METHOD.md §1: p_m = h(a, p)·p with a computed from θ. */
class ModulatingFactorTest {
  private static final int K = 5;

  @Test
  void marginProbabilityIsHTimesSoftmaxProbability() {
    double s =
        16; // small enough that e^{s·cos} neither overflows nor underflows in the direct sums
    List<MarginSoftmaxLoss> losses =
        List.of(
            new CosFaceLoss(s, 0.35),
            new ArcFaceLoss(s, 0.5),
            new CombinedMarginLoss(s, 1.0, 0.2, 0.3),
            new CombinedMarginLoss(s, 1.2, 0.1, 0.2));
    Random rnd = new Random(7);
    int fallbackRows = 0;
    for (MarginSoftmaxLoss loss : losses) {
      for (int trial = 0; trial < 500; trial++) {
        double[] cos = new double[K];
        for (int k = 0; k < K; k++) {
          cos[k] = 2 * rnd.nextDouble() - 1;
        }
        int y = rnd.nextInt(K);
        double others = 0;
        for (int k = 0; k < K; k++) {
          if (k != y) {
            others += Math.exp(s * cos[k]);
          }
        }
        double target = Math.exp(s * cos[y]);
        double marginTarget = Math.exp(s * loss.margined(cos[y]));
        double p = target / (target + others);
        double pm = marginTarget / (marginTarget + others);
        double a = ModulatingFactor.of(loss, cos[y]);
        String where = loss.getClass().getSimpleName() + " cos=" + Arrays.toString(cos) + " y=" + y;

        Close.assertClose(
            where + " p_m vs h(a,p)·p", pm, ModulatingFactor.h(a, p) * p, 1e-12, 1e-300);
        Close.assertClose(
            where + " p_m vs exp(-loss)",
            pm,
            Math.exp(-loss.perSample(new double[][] {cos}, new int[] {y})[0]),
            1e-12,
            1e-300);
        // every margin here has f <= cos θ, so it can only lower p
        assertTrue(a <= 0, where + ": a = " + a + " > 0");
        assertTrue(ModulatingFactor.h(a, p) <= 1, where + ": h > 1");
        if (Math.acos(cos[y]) > Math.PI - 0.5) {
          fallbackRows++;
        }
      }
    }
    assertTrue(fallbackRows > 0, "no row reached the ArcFace fallback region");
  }

  @Test
  void cosFaceFactorIsConstantAndMatchesTheClosedForm() {
    double s = 32;
    double m = 0.35;
    CosFaceLoss cosFace = new CosFaceLoss(s, m);
    double expected = 1 - Math.exp(s * m);
    for (double c : new double[] {-0.9, -0.2, 0.3, 0.99}) {
      Close.assertClose("a at cos " + c, expected, ModulatingFactor.of(cosFace, c), 1e-12, 0);
    }
    Close.assertClose(
        "forCosFaceMargin", expected, CosFaceEquivalence.modulatingFactor(m, s), 1e-12, 0);
  }

  @Test
  void equivalentMarginInvertsTheCosFaceFactor() {
    for (double s : new double[] {16, 32, 64}) {
      for (double m : new double[] {1e-6, 0.1, 0.35, 0.5, 1.0}) {
        double a = CosFaceEquivalence.modulatingFactor(m, s);
        Close.assertClose(
            "m_eq(a(m)) s=" + s + " m=" + m, m, CosFaceEquivalence.margin(a, s), 1e-12, 0);
      }
    }
    Close.assertClose("m_eq(0)", 0.0, CosFaceEquivalence.margin(0, 32), 0, 0);
  }

  @Test
  void warmUpFactorIsAlmostCosFaceWithAThirdMargin() {
    // METHOD.md §2: a = −e^{s/3} is almost CosFace with m = 1/3; exactly m = 1/3 + ln(1 +
    // e^{−s/3})/s
    double s = 32;
    double mEq = CosFaceEquivalence.margin(-Math.exp(s / 3), s);
    Close.assertClose("m_eq(-e^{s/3})", 1.0 / 3 + Math.log1p(Math.exp(-s / 3)) / s, mEq, 1e-12, 0);
    assertTrue(Math.abs(mEq - 1.0 / 3) < 1e-6);
  }

  @Test
  void hIsOneAtZeroFactorAndAtCertainty() {
    for (double p : new double[] {0, 0.3, 1}) {
      Close.assertClose("h(0," + p + ")", 1.0, ModulatingFactor.h(0, p), 0, 0);
    }
    for (double a : new double[] {-1e6, -1, 0}) {
      Close.assertClose("h(" + a + ",1)", 1.0, ModulatingFactor.h(a, 1), 0, 0);
    }
  }
}
