package io.lfsbeam.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RocTest {

  /** 1,000 mismatched scores 0, 1, …, 999 and five matched scores. */
  private static Roc constructed() {
    double[] matched = {500, 989.5, 995, 989, 1000};
    double[] scores = new double[1000 + matched.length];
    boolean[] same = new boolean[scores.length];
    for (int i = 0; i < 1000; i++) {
      scores[i] = i;
    }
    for (int j = 0; j < matched.length; j++) {
      scores[1000 + j] = matched[j];
      same[1000 + j] = true;
    }
    return RocCurve.compute(scores, same);
  }

  @Test
  void tarAtFarOnAConstructedCase() {
    Roc roc = constructed();
    // FAR 1e-2 allows 10 false accepts: the smallest t with #{mismatched > t} ≤ 10 is 989
    // (990..999 lie above it). Matched scores above 989: 989.5, 995, 1000 (989 itself is not) →
    // 3/5.
    TarAtFar p = roc.tarAtFar(1e-2).orElseThrow();
    assertEquals(989.0, p.threshold());
    assertEquals(0.01, p.far(), 1e-15);
    assertEquals(0.6, p.tar(), 1e-15);
    // FAR 1e-1: 100 allowed → t = 899; matched above: 989.5, 995, 989, 1000 → 4/5.
    assertEquals(899.0, roc.tarAtFar(1e-1).orElseThrow().threshold());
    assertEquals(0.8, roc.tarAtFar(1e-1).orElseThrow().tar(), 1e-15);
    // FAR 1e-3: 1 allowed → t = 998; only 1000 is above → 1/5.
    assertEquals(998.0, roc.tarAtFar(1e-3).orElseThrow().threshold());
    assertEquals(0.2, roc.tarAtFar(1e-3).orElseThrow().tar(), 1e-15);
  }

  @Test
  void farTargetsBelowOneOverImpostorsAreAbsent() {
    Roc roc = constructed();
    assertFalse(roc.tarAtFar(1e-4).isPresent());
    assertFalse(roc.tarAtFar(9.99e-4).isPresent());
    List<TarAtFar> standard = roc.tarAtStandardFars();
    assertEquals(3, standard.size());
    assertEquals(1e-1, standard.get(0).targetFar());
    assertEquals(1e-3, standard.get(2).targetFar());
    assertThrows(IllegalArgumentException.class, () -> roc.tarAtFar(0));
    assertThrows(IllegalArgumentException.class, () -> roc.tarAtFar(1));
  }

  @Test
  void decimalTargetsAreNotLostToRounding() {
    // 0.29 · 100 is 28.999999999999996 in doubles; the target still allows 29 false accepts.
    double[] scores = new double[101];
    boolean[] same = new boolean[101];
    for (int i = 0; i < 100; i++) {
      scores[i] = i;
    }
    scores[100] = 80.5;
    same[100] = true;
    TarAtFar p = RocCurve.compute(scores, same).tarAtFar(0.29).orElseThrow();
    assertEquals(70.0, p.threshold()); // 71..99 = 29 false accepts
    assertEquals(1.0, p.tar());
  }

  @Test
  void tarAtFarThresholdIsTheSmallestMeetingTheTarget() {
    Random r = new Random(3);
    double[] scores = new double[5000];
    boolean[] same = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      same[i] = r.nextBoolean();
      scores[i] = Math.round(((same[i] ? 1.0 : 0.0) + r.nextGaussian()) * 50) / 50.0; // many ties
    }
    Roc roc = RocCurve.compute(scores, same);
    for (double target : new double[] {0.3, 0.1, 0.05, 0.01, 0.001}) {
      TarAtFar p = roc.tarAtFar(target).orElseThrow();
      double t = p.threshold();
      assertTrue(
          countAbove(scores, same, false, t) <= target * roc.impostorCount(),
          "meets target " + target);
      assertTrue(
          countAbove(scores, same, false, Math.nextDown(t)) > target * roc.impostorCount(),
          "any smaller threshold misses target " + target);
      assertEquals((double) countAbove(scores, same, true, t) / roc.genuineCount(), p.tar(), 1e-15);
    }
  }

  private static int countAbove(double[] scores, boolean[] same, boolean label, double t) {
    int n = 0;
    for (int i = 0; i < scores.length; i++) {
      if (same[i] == label && scores[i] > t) {
        n++;
      }
    }
    return n;
  }

  @Test
  void aucEqualsMannWhitneyBruteForce() {
    for (int seed = 0; seed < 10; seed++) {
      Random r = new Random(seed);
      int n = 200 + r.nextInt(800);
      double[] scores = new double[n];
      boolean[] same = new boolean[n];
      for (int i = 0; i < n; i++) {
        same[i] = r.nextDouble() < 0.3;
        double s = (same[i] ? 0.5 : 0.0) + r.nextGaussian();
        scores[i] = seed % 2 == 0 ? Math.round(s * 10) / 10.0 : s;
      }
      double wins = 0;
      long comparisons = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (same[i] && !same[j]) {
            comparisons++;
            wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
          }
        }
      }
      assertEquals(wins / comparisons, RocCurve.compute(scores, same).auc(), 1e-12, "seed " + seed);
    }
  }

  @Test
  void eerInterpolatesOnASymmetricCase() {
    // Matched {0.5, 0.9}, mismatched {0.1, 0.5}: mirror images around 0.5. Points (FAR, FRR):
    // below all (1, 0); t = 0.1 (0.5, 0); t = 0.5 (0, 0.5); t = 0.9 (0, 1). FAR − FRR goes +0.5 →
    // −0.5
    // between t = 0.1 and t = 0.5, so the crossing is halfway: EER 0.25 at threshold 0.3.
    Roc roc =
        RocCurve.compute(
            new double[] {0.5, 0.9, 0.1, 0.5}, new boolean[] {true, true, false, false});
    assertEquals(0.25, roc.eer(), 1e-15);
    assertEquals(0.3, roc.eerThreshold(), 1e-15);
    // AUC: of the 4 (matched, mismatched) comparisons, 0.9 beats both, 0.5 beats 0.1 and ties 0.5 →
    // 3.5/4.
    assertEquals(0.875, roc.auc(), 1e-15);
  }

  @Test
  void eerOnAnExactCrossing() {
    // Matched {0.3, 0.6, 0.7, 0.8, 0.9}, mismatched {0.1, 0.2, 0.3, 0.4, 0.7} (mismatched = 1 −
    // matched).
    // At t = 0.4: 1 mismatched above (0.7) → FAR 0.2; matched at or below 0.4: 0.3 → FRR 0.2.
    Roc roc =
        RocCurve.compute(
            new double[] {0.3, 0.6, 0.7, 0.8, 0.9, 0.1, 0.2, 0.3, 0.4, 0.7},
            new boolean[] {true, true, true, true, true, false, false, false, false, false});
    assertEquals(0.2, roc.eer(), 1e-15);
    assertEquals(0.4, roc.eerThreshold(), 1e-15);
  }

  @Test
  void separableScoresGivePerfectCurve() {
    HandCases.Pairs p = HandCases.separable(20);
    Roc roc = RocCurve.compute(p.scores(), p.same());
    assertEquals(1.0, roc.auc());
    assertEquals(0.0, roc.eer());
    assertEquals(1.0, roc.far(0));
    assertEquals(1.0, roc.tar(0));
    assertEquals(0.0, roc.far(roc.size() - 1));
    assertEquals(0.0, roc.tar(roc.size() - 1));
    for (int i = 1; i < roc.size(); i++) {
      assertTrue(roc.threshold(i) > roc.threshold(i - 1));
      assertTrue(roc.far(i) <= roc.far(i - 1) && roc.tar(i) <= roc.tar(i - 1));
    }
    assertEquals(1.0, roc.tarAtFar(0.01).orElseThrow().tar());
  }

  @Test
  void needsBothClasses() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RocCurve.compute(new double[] {0.1, 0.2}, new boolean[] {true, true}));
  }
}
