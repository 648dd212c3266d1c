package io.lfsbeam.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VerificationProtocolTest {

  @Test
  void perfectlySeparableScoresGiveOnePerFold() {
    HandCases.Pairs p = HandCases.separable(30);
    VerificationResult r = VerificationProtocol.run(p.scores(), p.same(), p.folds());
    assertEquals(10, r.foldCount());
    for (int f = 0; f < 10; f++) {
      assertEquals(1.0, r.foldAccuracy(f));
      assertTrue(r.foldThreshold(f) > 0.3 && r.foldThreshold(f) < 0.6, "threshold inside the gap");
    }
    assertEquals(1.0, r.meanAccuracy());
    assertEquals(0.0, r.stdAccuracy());
  }

  @Test
  void identicalScoresGiveChanceOnBalancedFolds() {
    HandCases.Pairs p = HandCases.allEqual(5);
    VerificationResult r = VerificationProtocol.run(p.scores(), p.same(), p.folds());
    for (int f = 0; f < 10; f++) {
      assertEquals(0.5, r.foldAccuracy(f));
      // "accept all" and "reject all" tie at 0.5; the smaller threshold (below the minimum) wins.
      assertTrue(r.foldThreshold(f) < 0.5);
    }
    assertEquals(0.5, r.meanAccuracy());
  }

  @Test
  void knownOverlapMatchesTheHandComputation() {
    HandCases.Pairs p = HandCases.knownOverlap(); // worked out in HandCases.knownOverlap
    VerificationResult r = VerificationProtocol.run(p.scores(), p.same(), p.folds());
    assertEquals(1.0, r.foldAccuracy(0));
    for (int f = 1; f < 10; f++) {
      assertEquals(5.0 / 6.0, r.foldAccuracy(f), 1e-15);
      assertEquals(0.3, r.foldThreshold(f), 1e-12);
    }
    assertEquals(0.3, r.foldThreshold(0), 1e-12, "tie between 0.3 and 0.7 resolved to the smaller");
    assertEquals(0.85, r.meanAccuracy(), 1e-12);
    assertEquals(0.05, r.stdAccuracy(), 1e-12, "population std (ddof = 0)");
    assertEquals(0.3, r.meanThreshold(), 1e-12);
  }

  @Test
  void tieBetweenSeparateGapsPicksTheSmallestThreshold() {
    // Sweep: below 2/4, past 0.1 → 3/4, past 0.2 → 2/4, past 0.3 → 3/4, past 0.4 → 2/4.
    ThresholdSweep.Choice c =
        ThresholdSweep.best(
            new double[] {0.1, 0.2, 0.3, 0.4}, new boolean[] {false, true, false, true});
    assertEquals(0.15, c.threshold(), 1e-12);
    assertEquals(0.75, c.accuracy());
  }

  @Test
  void adjacentDoublesAreStillSeparated() {
    double a = 0.5;
    double b = Math.nextUp(a);
    ThresholdSweep.Choice c = ThresholdSweep.best(new double[] {b, a}, new boolean[] {true, false});
    assertEquals(1.0, c.accuracy());
    assertEquals(
        1.0,
        ThresholdSweep.accuracy(new double[] {b, a}, new boolean[] {true, false}, c.threshold()));
  }

  @Test
  void agreesWithBruteForceOnRandomData() {
    for (int seed = 0; seed < 20; seed++) {
      Random r = new Random(seed);
      int n = 60 + r.nextInt(300);
      double[] scores = new double[n];
      boolean[] same = new boolean[n];
      int[] folds = new int[n];
      for (int i = 0; i < n; i++) {
        same[i] = r.nextDouble() < 0.4 + 0.2 * (seed % 2);
        double s = (same[i] ? 0.3 : 0.0) + 0.3 * r.nextGaussian();
        // Coarse rounding on half the seeds creates many ties inside and across classes.
        scores[i] = seed % 2 == 0 ? Math.round(s * 20) / 20.0 : s;
        folds[i] = i < 10 ? i : r.nextInt(10);
      }
      VerificationResult fast = VerificationProtocol.run(scores, same, folds);
      for (int f = 0; f < 10; f++) {
        double[] ref = bruteForceFold(scores, same, folds, f);
        assertEquals(ref[0], fast.foldAccuracy(f), 0.0, "seed " + seed + " fold " + f);
        assertEquals(ref[1], fast.foldThreshold(f), 1e-12, "seed " + seed + " fold " + f);
      }
    }
  }

  /**
   * O(n²): every candidate (all midpoints, one below, one above) scored from scratch; smallest best
   * wins.
   */
  private static double[] bruteForceFold(
      double[] scores, boolean[] same, int[] folds, int heldOut) {
    double[] train =
        Arrays.stream(indices(folds, heldOut, false)).mapToDouble(i -> scores[i]).toArray();
    double[] distinct = Arrays.stream(train).distinct().sorted().toArray();
    double[] candidates = new double[distinct.length + 1];
    candidates[0] = distinct[0] - 1;
    for (int i = 0; i + 1 < distinct.length; i++) {
      candidates[i + 1] = (distinct[i] + distinct[i + 1]) / 2;
    }
    candidates[distinct.length] = distinct[distinct.length - 1] + 1;
    double bestT = Double.NaN;
    int best = -1;
    for (double t : candidates) {
      int correct = 0;
      for (int i : indices(folds, heldOut, false)) {
        if ((scores[i] > t) == same[i]) {
          correct++;
        }
      }
      if (correct > best) {
        best = correct;
        bestT = t;
      }
    }
    int[] test = indices(folds, heldOut, true);
    int correct = 0;
    for (int i : test) {
      if ((scores[i] > bestT) == same[i]) {
        correct++;
      }
    }
    return new double[] {(double) correct / test.length, bestT};
  }

  private static int[] indices(int[] folds, int fold, boolean inFold) {
    return IntStream.range(0, folds.length).filter(i -> (folds[i] == fold) == inFold).toArray();
  }

  @Test
  void resultIsImmutable() {
    HandCases.Pairs p = HandCases.knownOverlap();
    VerificationResult r = VerificationProtocol.run(p.scores(), p.same(), p.folds());
    double[] acc = r.foldAccuracies();
    acc[0] = -1;
    assertEquals(1.0, r.foldAccuracy(0));
    assertArrayEquals(
        VerificationProtocol.run(p.scores(), p.same(), p.folds()).foldAccuracies(),
        r.foldAccuracies());
  }

  @Test
  void rejectsBrokenInputs() {
    HandCases.Pairs p = HandCases.knownOverlap();
    double[] nan = p.scores().clone();
    nan[7] = Double.NaN;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> VerificationProtocol.run(nan, p.same(), p.folds()));
    assertTrue(e.getMessage().contains("score 7"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> VerificationProtocol.run(p.scores(), new boolean[3], p.folds()));
    int[] gap = p.folds().clone();
    for (int i = 0; i < gap.length; i++) {
      if (gap[i] == 4) {
        gap[i] = 5;
      }
    }
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> VerificationProtocol.run(p.scores(), p.same(), gap));
    assertTrue(e.getMessage().contains("fold 4"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> VerificationProtocol.run(p.scores(), p.same(), new int[p.scores().length]));
  }
}
