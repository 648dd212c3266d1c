package io.lfsbeam.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The REINFORCE update of a halving round uses the rank rewards, worked by hand: four candidates at
 * μ = 0, σ = 0.2, draws x = 0.2, −0.2, 0.4, −0.4; #0 and #3 continue to rung 2 and end at 0.82 and
 * 0.65, #1 and #2 stopped at rung 1 with 0.70 and 0.60.
 *
 * <p>Ranks: #0, #3, #1, #2 → R = 1, 1/3, 2/3... in index order R = (1, 1/3, 0, 2/3), R̂ = 2(R − ½)
 * /(1 + 1e-6) = (1, −1/3, −1, 1/3)/(1 + 1e-6); Σ R̂·x = 0.2 + 0.2/3 − 0.4 − 0.4/3 = −0.2667; grad =
 * −(1/4)·Σ/σ² = +1.667 (÷ 1 + 1e-6). Adam's first step is −lr·g/(|g| + 1e-8): μ = −0.05.
 *
 * <p>Raw scores instead (what a search without halving feeds): R = (0.82, 0.70, 0.60, 0.65), mean
 * 0.6925, range 0.22: R̂ = (1.159, 0.068, −0.841, −0.386); Σ R̂·x = 0.0364 > 0, grad < 0, μ =
 * +0.05: the stopped #1's early 0.70 would outrank #3, which beat it at equal steps.
 */
class HalvingPolicyUpdateTest {
  private static final double[] X = {0.2, -0.2, 0.4, -0.4};
  private static final int[] RUNG = {1, 0, 0, 1};
  private static final double[] SCORE = {0.82, 0.70, 0.60, 0.65};

  private static SearchConfig config(double rate) {
    return SearchConfig.builder()
        .searchId("p")
        .mode(SearchMode.SEARCH)
        .rounds(1)
        .candidates(4)
        .seed(3)
        .halving(rate, 2)
        .roundSteps(20)
        .build();
  }

  private static PolicyState update(SearchConfig c) {
    PolicyState start = SearchPolicies.initial(c);
    List<LossCandidate> cs = new ArrayList<>();
    List<TrainResult> rs = new ArrayList<>();
    List<EvalMetrics> ms = new ArrayList<>();
    List<LossCandidate> sampled = SearchPolicies.sample(start, c);
    for (int i = 0; i < 4; i++) {
      LossCandidate cand =
          LossCandidate.newBuilder(sampled.get(i)).setPolicySample(List.of(X[i])).build();
      cs.add(cand);
      rs.add(
          TrainResult.newBuilder()
              .setCandidate(cand)
              .setStatus(TrainStatus.OK)
              .setSteps(RUNG[i] == 1 ? 20 : 10)
              .setEpochs(1)
              .setDevice("none")
              .setCheckpointUri("ckpt-" + i)
              .setStartMillis(0)
              .setEndMillis(0)
              .setWallMillis(0)
              .setRungReached(RUNG[i])
              .setRungs(2)
              .build());
      ms.add(
          EvalMetrics.newBuilder()
              .setCandidate(cand)
              .setModelUri("ckpt-" + i)
              .setEvalSet("val")
              .setPairs(100)
              .setAccuracyMean(SCORE[i])
              .setAccuracyStd(0)
              .setFoldAccuracies(List.of())
              .setThreshold(0)
              .build());
    }
    return SearchPolicies.update(start, c, cs, rs, ms);
  }

  @Test
  void rankRewardsDriveTheUpdateAndTheBestHasTrainedTheWholeRound() {
    PolicyState s = update(config(2));
    double g = 1.0 / 0.6 / (1 + 1e-6);
    assertEquals(-0.05 * g / (g + 1e-8), s.getMu().get(0), 1e-12);
    assertEquals(0, s.getBestCandidate().getIndex());
    assertEquals(0.82, s.getBestReward(), 0);
    assertEquals("ckpt-0", s.getBestCheckpoint());
  }

  @Test
  void withoutHalvingTheRawScoresWouldPushTheOtherWay() {
    PolicyState s = update(config(1));
    double mean = (0.82 + 0.70 + 0.60 + 0.65) / 4;
    double range = 0.82 - 0.60 + 1e-6;
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      sum += 2 * (SCORE[i] - mean) / range * X[i];
    }
    double g = -sum / 4 / (0.2 * 0.2);
    assertEquals(-0.2273, g, 1e-4);
    assertEquals(-0.05 * g / (Math.abs(g) + 1e-8), s.getMu().get(0), 1e-12);
  }
}
