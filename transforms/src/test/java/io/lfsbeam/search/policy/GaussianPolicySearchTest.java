package io.lfsbeam.search.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The policy against a synthetic reward whose optimum is known: R(a) = −(m_eq(a) − 0.3)², s = 32,
 * i.e. the best loss is the one equivalent to CosFace m = 0.3 (reached at |x| = e^{32·(0.3 −
 * 1/3)}).
 */
class GaussianPolicySearchTest {
  private static final double SCALE = 32.0;
  private static final double TARGET_MARGIN = 0.3;
  private static final int CANDIDATES = 8;
  private static final int ROUNDS = 40;

  private static double reward(ModulationSample s) {
    double margin = s.cosFaceMargins(SCALE)[0];
    return -(margin - TARGET_MARGIN) * (margin - TARGET_MARGIN);
  }

  /** E[R] under the policy, by Monte Carlo with the same fixed draws for every policy compared. */
  private static double expectedReward(GaussianPolicy policy) {
    SplitMix64 rng = new SplitMix64(12345L);
    double sum = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      sum += reward(policy.sample(rng));
    }
    return sum / n;
  }

  private static GaussianPolicy runRounds(
      GaussianPolicy policy, int rounds, ToDoubleFunction<ModulationSample> rewardFn) {
    for (int t = 0; t < rounds; t++) {
      int round = policy.round() + 1;
      List<CandidateOutcome> outcomes = new ArrayList<>();
      for (int m = 0; m < CANDIDATES; m++) {
        ModulationSample s = policy.sampleCandidate(round, m);
        outcomes.add(CandidateOutcome.succeeded(s.x(), rewardFn.applyAsDouble(s)));
      }
      policy = policy.update(outcomes);
    }
    return policy;
  }

  private static GaussianPolicy.Builder base(PolicyMode mode, long seed) {
    return GaussianPolicy.builder().mode(mode).scale(SCALE).seed(seed);
  }

  @Test
  void searchModeMovesMuTowardTheOptimalMargin() {
    double optimalAbsX = Math.exp(SCALE * (TARGET_MARGIN - 1.0 / 3.0));
    for (long seed : new long[] {1L, 2L, 3L}) {
      GaussianPolicy start = base(PolicyMode.SEARCH, seed).build();
      GaussianPolicy end = runRounds(start, ROUNDS, GaussianPolicySearchTest::reward);
      double before = expectedReward(start);
      double after = expectedReward(end);
      double absMu = Math.abs(end.mu()[0]);
      System.out.printf(
          "seed %d: |mu| 0 -> %.4f (optimum |x| %.4f), E[R] %.3e -> %.3e, m_eq at mu %.4f%n",
          seed, absMu, optimalAbsX, before, after, end.fromDraw(end.mu()).cosFaceMargins(SCALE)[0]);
      // Rewards are -(squared margin error): "better" means the mean squared error at least halves.
      assertTrue(
          -after < 0.5 * -before,
          "seed "
              + seed
              + ": expected squared margin error should at least halve: "
              + -before
              + " -> "
              + -after);
      double marginAtMu = end.fromDraw(end.mu()).cosFaceMargins(SCALE)[0];
      double marginAtStart = start.fromDraw(start.mu()).cosFaceMargins(SCALE)[0];
      assertTrue(
          Math.abs(marginAtMu - TARGET_MARGIN) < 0.1 * Math.abs(marginAtStart - TARGET_MARGIN),
          "seed "
              + seed
              + ": m_eq at mu "
              + marginAtMu
              + " should be far closer to 0.3 than at start "
              + marginAtStart);
      assertTrue(
          Math.abs(absMu - optimalAbsX) < 0.5 * optimalAbsX,
          "seed " + seed + ": |mu| " + absMu + " should be near the optimum " + optimalAbsX);
      assertEquals(ROUNDS, end.round());
      assertEquals(ROUNDS, end.adamState().step());
    }
  }

  @Test
  void randomModeNeverMovesMu() {
    GaussianPolicy start = base(PolicyMode.RANDOM, 1L).initialMu(0.25).build();
    GaussianPolicy end = runRounds(start, ROUNDS, GaussianPolicySearchTest::reward);
    assertArrayEquals(new double[] {0.25}, end.mu(), 0.0);
    assertEquals(0, end.adamState().step());
    assertEquals(ROUNDS, end.round());
  }

  /**
   * The released code's behaviour (upstream issue #6): with μ = 0 behind a ReLU, the gradient is 0
   * and μ is stuck, so its "search" is Random-Softmax. The switch exists to reproduce that.
   */
  @Test
  void reluOnMuFromZeroNeverMoves() {
    GaussianPolicy start = base(PolicyMode.SEARCH, 1L).reluOnMu(true).build();
    GaussianPolicy end = runRounds(start, ROUNDS, GaussianPolicySearchTest::reward);
    assertArrayEquals(new double[] {0.0}, end.mu(), 0.0);
    assertEquals(ROUNDS, end.adamState().step(), "Adam does step, on a zero gradient");
    // Same seeds without the ReLU: the very same draws do move mu.
    GaussianPolicy unblocked =
        runRounds(base(PolicyMode.SEARCH, 1L).build(), ROUNDS, GaussianPolicySearchTest::reward);
    assertTrue(
        Math.abs(unblocked.mu()[0]) > 0.1, "without the ReLU mu moves: " + unblocked.mu()[0]);
  }

  @Test
  void reluOnMuSamplesAroundReluOfMuAndPassesGradientWhenPositive() {
    GaussianPolicy negative = base(PolicyMode.SEARCH, 5L).reluOnMu(true).initialMu(-0.4).build();
    assertArrayEquals(new double[] {0.0}, negative.samplingMean(), 0.0);
    List<CandidateOutcome> outcomes =
        List.of(
            CandidateOutcome.succeeded(new double[] {0.1}, 1.0),
            CandidateOutcome.succeeded(new double[] {-0.1}, 0.0));
    assertEquals(0.0, negative.policyLossGradient(outcomes).orElseThrow()[0]);

    GaussianPolicy positive = base(PolicyMode.SEARCH, 5L).reluOnMu(true).initialMu(0.4).build();
    GaussianPolicy plain = base(PolicyMode.SEARCH, 5L).initialMu(0.4).build();
    assertEquals(
        plain.policyLossGradient(outcomes).orElseThrow()[0],
        positive.policyLossGradient(outcomes).orElseThrow()[0]);
  }

  @Test
  void higherRewardOnOneSidePullsMuTowardIt() {
    GaussianPolicy policy = base(PolicyMode.SEARCH, 1L).build();
    List<CandidateOutcome> outcomes =
        List.of(
            CandidateOutcome.succeeded(new double[] {0.2}, 0.9),
            CandidateOutcome.succeeded(new double[] {-0.2}, 0.5),
            CandidateOutcome.failed(new double[] {-0.3}));
    assertTrue(policy.update(outcomes).mu()[0] > 0);
  }

  @Test
  void failedCandidatesAreExcludedAndAllFailedSkipsTheStep() {
    GaussianPolicy policy = base(PolicyMode.SEARCH, 1L).initialMu(0.1).build();
    List<CandidateOutcome> withFailure =
        List.of(
            CandidateOutcome.succeeded(new double[] {0.2}, 0.9),
            CandidateOutcome.failed(new double[] {5.0}),
            CandidateOutcome.succeeded(new double[] {-0.1}, 0.7));
    List<CandidateOutcome> without = List.of(withFailure.get(0), withFailure.get(2));
    assertArrayEquals(policy.update(without).mu(), policy.update(withFailure).mu(), 0.0);

    GaussianPolicy afterAllFailed =
        policy.update(List.of(CandidateOutcome.failed(new double[] {0.2})));
    assertArrayEquals(policy.mu(), afterAllFailed.mu(), 0.0);
    assertEquals(policy.adamState(), afterAllFailed.adamState());
    assertEquals(1, afterAllFailed.round());
  }

  @Test
  void localSpaceHasOneMeanPerBinAndUsesTheHalfScaleExponent() {
    GaussianPolicy local = base(PolicyMode.SEARCH, 9L).space(SearchSpace.LOCAL).build();
    assertEquals(10, local.mu().length);
    double[] x = {0.5, -0.5, 0, 1, -1, 0.1, 0.2, 0.3, 0.4, -2};
    double[] a = local.fromDraw(x).a();
    for (int j = 0; j < x.length; j++) {
      assertEquals(-Math.abs(x[j]) * Math.exp(16.0), a[j], 1e-9 * Math.exp(16.0));
    }
    // Each bin's mean moves on its own: reward only depends on bin 3.
    GaussianPolicy end = runRounds(local, 30, s -> -Math.abs(s.x()[3] - 0.5));
    assertTrue(end.mu()[3] > 0.3, "bin 3 mean should approach 0.5: " + end.mu()[3]);
  }
}
