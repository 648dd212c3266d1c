package io.lfsbeam.search.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdamOptimizerTest {
  private final AdamOptimizer adam = AdamOptimizer.defaults();

  @Test
  void defaultsAreTheSearchHyperParameters() {
    assertEquals(0.05, adam.lr());
    assertEquals(0.5, adam.beta1());
    assertEquals(0.999, adam.beta2());
    assertEquals(1e-8, adam.eps());
  }

  @Test
  void firstStepMovesByLearningRateAgainstTheGradientSign() {
    // With zero moments, m̂ = g and v̂ = g², so the first step is lr·g/(|g| + eps) whatever |g|.
    AdamOptimizer.Result r =
        adam.step(
            new double[] {0.3, -0.1, 2.0}, new double[] {1e3, -4e-2, 0.0}, AdamState.zeros(3));
    double[] expected = {0.3 - 0.05 * 1e3 / (1e3 + 1e-8), -0.1 + 0.05 * 4e-2 / (4e-2 + 1e-8), 2.0};
    assertArrayEquals(expected, r.params(), 1e-15);
    assertEquals(1, r.state().step());
  }

  @Test
  void manyStepsFollowTheTextbookBiasCorrectedUpdate() {
    double[] theta = {0.7, -1.2};
    AdamState state = AdamState.zeros(2);
    double[] m = new double[2];
    double[] v = new double[2];
    double[] reference = theta.clone();
    for (int t = 1; t <= 25; t++) {
      double[] grad = {Math.sin(t) * 3, Math.cos(0.7 * t) - 0.2};
      AdamOptimizer.Result r = adam.step(theta, grad, state);
      theta = r.params();
      state = r.state();
      for (int i = 0; i < 2; i++) {
        m[i] = 0.5 * m[i] + 0.5 * grad[i];
        v[i] = 0.999 * v[i] + 0.001 * grad[i] * grad[i];
        double mHat = m[i] / (1 - Math.pow(0.5, t));
        double vHat = v[i] / (1 - Math.pow(0.999, t));
        reference[i] -= 0.05 * mHat / (Math.sqrt(vHat) + 1e-8);
      }
      assertArrayEquals(reference, theta, 1e-12, "step " + t);
      assertArrayEquals(m, state.m(), 1e-15);
      assertArrayEquals(v, state.v(), 1e-15);
    }
    assertEquals(25, state.step());
  }

  @Test
  void zeroGradientFromZeroMomentsDoesNotMove() {
    // The mechanism behind the upstream ReLU bug: nothing ever accumulates in m.
    double[] theta = {0.0};
    AdamState state = AdamState.zeros(1);
    for (int t = 0; t < 10; t++) {
      AdamOptimizer.Result r = adam.step(theta, new double[] {0.0}, state);
      theta = r.params();
      state = r.state();
    }
    assertEquals(0.0, theta[0]);
  }

  @Test
  void resumingFromAStoredStateIsBitExact() {
    double[] grad1 = {0.3, -2.0};
    double[] grad2 = {-0.1, 0.25};
    AdamOptimizer.Result first = adam.step(new double[] {0.1, 0.2}, grad1, AdamState.zeros(2));
    AdamOptimizer.Result uninterrupted = adam.step(first.params(), grad2, first.state());
    AdamState restored = new AdamState(first.state().m(), first.state().v(), first.state().step());
    AdamOptimizer.Result resumed = adam.step(first.params(), grad2, restored);
    assertArrayEquals(uninterrupted.params(), resumed.params(), 0.0);
    assertEquals(uninterrupted.state(), resumed.state());
  }

  @Test
  void rejectsMismatchedLengths() {
    assertThrows(
        IllegalArgumentException.class,
        () -> adam.step(new double[2], new double[1], AdamState.zeros(2)));
  }
}
