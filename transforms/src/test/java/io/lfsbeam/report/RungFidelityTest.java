package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rung fidelity against hand-ranked scores, and the simulation behind its threshold. */
class RungFidelityTest {
  static TrainResult result(int index, int rungReached, int rungs, Double... scores) {
    return TrainResult.newBuilder()
        .setCandidate(
            LossCandidate.newBuilder()
                .setSearchId("f")
                .setRound(1)
                .setIndex(index)
                .setFamily(LossFamily.COSFACE)
                .setParams(LossParams.newBuilder().build())
                .setSeed(index)
                .build())
        .setStatus(TrainStatus.OK)
        .setSteps(10)
        .setEpochs(1)
        .setDevice("none")
        .setStartMillis(0)
        .setEndMillis(0)
        .setWallMillis(0)
        .setRungReached(rungReached)
        .setRungs(rungs)
        .setRungScores(List.of(scores))
        .build();
  }

  /**
   * Four survivors of three rungs. Rung 1 ranks them 1, 2, 3, 4, rung 3 ranks them 2, 1, 4, 3: Σd²
   * = 4, ρ = 1 − 6·4/(4·15) = 0.6. Rung 2 ranks them 4, 3, 2, 1 against 2, 1, 4, 3: Σd² = 4 + 4 + 4
   * + 4 = 16, ρ = 1 − 96/60 = −0.6. The stopped candidates do not count.
   */
  @Test
  void spearmanAmongTheCandidatesThatTrainedTheWholeRound() {
    List<TrainResult> rs =
        List.of(
            result(0, 2, 3, 0.50, 0.74, 0.81),
            result(1, 2, 3, 0.51, 0.73, 0.80),
            result(2, 2, 3, 0.52, 0.72, 0.83),
            result(3, 2, 3, 0.53, 0.71, 0.82),
            result(4, 0, 3, 0.99),
            result(5, 1, 3, 0.10, 0.99));
    List<RungFidelity.Correlation> c = RungFidelity.of(rs);
    assertEquals(2, c.size());
    assertEquals(0, c.get(0).rung());
    assertEquals(4, c.get(0).candidates());
    assertEquals(0.6, c.get(0).rho(), 1e-12);
    assertEquals(-0.6, c.get(1).rho(), 1e-12);
  }

  @Test
  void tooFewSurvivorsOrNoHalvingGiveNoCorrelation() {
    assertNull(
        RungFidelity.of(List.of(result(0, 1, 2, 0.5, 0.6), result(1, 1, 2, 0.6, 0.7)))
            .get(0)
            .rho());
    assertTrue(RungFidelity.of(List.of(result(0, 0, 1))).isEmpty());
  }

  /**
   * The threshold's reading (see {@link RungFidelity}): Gaussian early/final scores of 8
   * candidates, the top 4 by early score survive; a correlation over all candidates of 0.55 reads
   * as about 0.3 among the survivors, and the eventual best survives the cut in about 4 rounds of
   * 5.
   */
  @Test
  void anObservedThirdIsAModerateCorrelationOverAllCandidates() {
    SplittableRandom rng = new SplittableRandom(7);
    int rounds = 4000;
    double sum = 0;
    int counted = 0;
    int bestKept = 0;
    double rho = 0.55;
    for (int t = 0; t < rounds; t++) {
      double[][] z = new double[8][2];
      for (double[] row : z) {
        double a = gaussian(rng);
        row[0] = a;
        row[1] = rho * a + Math.sqrt(1 - rho * rho) * gaussian(rng);
      }
      Integer[] order = {0, 1, 2, 3, 4, 5, 6, 7};
      Arrays.sort(order, Comparator.comparingDouble(i -> -z[i][0]));
      int best = 0;
      for (int i = 1; i < 8; i++) {
        best = z[i][1] > z[best][1] ? i : best;
      }
      List<TrainResult> survivors = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        survivors.add(result(k, 1, 2, z[order[k]][0], z[order[k]][1]));
        bestKept += order[k] == best ? 1 : 0;
      }
      Double r = RungFidelity.of(survivors).get(0).rho();
      if (r != null) {
        sum += r;
        counted++;
      }
    }
    double observed = sum / counted;
    assertEquals(0.3, observed, 0.05, "mean survivor rho at 0.55 overall");
    assertEquals(0.82, bestKept / (double) rounds, 0.03, "the eventual best survives the cut");
  }

  private static double gaussian(SplittableRandom rng) {
    // Box–Muller
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble()))
        * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
