package io.lfsbeam.search.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.search.policy.HalvingRewards.Standing;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ranks of a halving round, derived by hand. */
class HalvingRewardsTest {
  /**
   * Six candidates, η = 2, two rungs. Rung 1 scores 0.70, 0.80, 0.75, 0.60, 0.90, 0.65: #4, #1, #2
   * continue; after rung 2 they score 0.85, 0.92 and 0.68. Order: #1 (0.92), #4 (0.85), #2 (0.68 at
   * rung 2, below #0's early 0.70 but it beat #0 at rung 1), then the stopped #0, #5, #3. Ranks
   * from the bottom 5, 4, 3, 2, 1, 0 over n − 1 = 5.
   */
  @Test
  void stoppedCandidatesRankBelowEverySurvivorByTheirLastScore() {
    List<Standing> s =
        List.of(
            new Standing(0, 0.70),
            new Standing(1, 0.92),
            new Standing(1, 0.68),
            new Standing(0, 0.60),
            new Standing(1, 0.85),
            new Standing(0, 0.65));
    assertArrayEquals(
        new double[] {2 / 5.0, 5 / 5.0, 3 / 5.0, 0 / 5.0, 4 / 5.0, 1 / 5.0},
        HalvingRewards.rewards(s),
        1e-15);
    assertEquals(1, HalvingRewards.best(s));
  }

  @Test
  void failedCandidatesGetNoRewardAndTiesShareOne() {
    List<Standing> s =
        List.of(
            new Standing(1, 0.8), Standing.failed(), new Standing(0, 0.5), new Standing(0, 0.5));
    double[] r = HalvingRewards.rewards(s);
    // three rewarded: #0 on top (2 below), #2 and #3 tied at the bottom: (0 + 0.5) / 2 each
    assertEquals(1.0, r[0], 1e-15);
    assertTrue(Double.isNaN(r[1]));
    assertEquals(0.25, r[2], 1e-15);
    assertEquals(0.25, r[3], 1e-15);
    assertEquals(0, HalvingRewards.best(s));
    assertEquals(-1, HalvingRewards.best(List.of(Standing.failed())));
    assertArrayEquals(new double[] {0.5}, HalvingRewards.rewards(List.of(new Standing(0, 0.3))));
  }

  /** Ties on rung and score: the lower index is the best, as without halving. */
  @Test
  void theBestOfEqualStandingsIsTheLowestIndex() {
    assertEquals(
        1,
        HalvingRewards.best(
            List.of(new Standing(0, 0.9), new Standing(1, 0.7), new Standing(1, 0.7))));
  }
}
