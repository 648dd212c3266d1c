package io.lfsbeam.search.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RewardNormalizerTest {

  @Test
  void centredAndScaledToTheRange() {
    double[] r = RewardNormalizer.normalise(new double[] {0.90, 0.95, 0.97, 0.98});
    double sum = 0;
    for (double v : r) {
      sum += v;
    }
    assertEquals(0.0, sum, 1e-12);
    // The max-min spread of R̂ is 2 (up to the 1e-6 guard).
    assertEquals(2.0, r[3] - r[0], 1e-4);
    assertTrue(r[3] > 0 && r[0] < 0);
  }

  @Test
  void equalRewardsGiveZeroNotNaN() {
    assertArrayEquals(
        new double[] {0, 0, 0}, RewardNormalizer.normalise(new double[] {0.5, 0.5, 0.5}), 0.0);
    assertEquals(0, RewardNormalizer.normalise(new double[0]).length);
  }

  @Test
  void nonFiniteRewardsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RewardNormalizer.normalise(new double[] {0.5, Double.NaN}));
    assertThrows(
        IllegalArgumentException.class,
        () -> CandidateOutcome.succeeded(new double[] {0.1}, Double.NaN));
  }

  @Test
  void failedCandidatesDoNotEnterTheGradient() {
    double[] mean = {0.05};
    List<CandidateOutcome> withFailure =
        List.of(
            CandidateOutcome.succeeded(new double[] {0.2}, 0.8),
            CandidateOutcome.failed(new double[] {-0.4}),
            CandidateOutcome.succeeded(new double[] {-0.1}, 0.6));
    double[] expected =
        ReinforceGradient.ofPolicyLoss(
            List.of(new double[] {0.2}, new double[] {-0.1}),
            RewardNormalizer.normalise(new double[] {0.8, 0.6}),
            mean,
            0.2);
    assertArrayEquals(
        expected, ReinforceGradient.ofOutcomes(withFailure, mean, 0.2).orElseThrow(), 0.0);
    assertTrue(
        ReinforceGradient.ofOutcomes(
                List.of(CandidateOutcome.failed(new double[] {0.1})), mean, 0.2)
            .isEmpty());
  }
}
