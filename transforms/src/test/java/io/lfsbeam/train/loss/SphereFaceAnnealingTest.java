package io.lfsbeam.train.loss;

import static io.lfsbeam.train.loss.LossAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.search.FixedLoss;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;

/** SphereFace's λ is annealed inside the graph from the fed training step. */
class SphereFaceAnnealingTest extends WithLossHarness {

  @Test
  void hostScheduleStartsAtBaseAndStopsAtTheFloor() {
    SphereFace loss = SphereFace.annealed(30, 4, 5, 1000, 1e-4, 2);
    assertEquals(1000, loss.lambdaAt(0), 1e-12);
    assertEquals(1000 / (1.1 * 1.1), loss.lambdaAt(1000), 1e-9);
    assertEquals(5, loss.lambdaAt(10_000_000), 0);
    assertEquals(7, SphereFace.fixedLambda(30, 4, 7).lambdaAt(123_456), 0);
  }

  @Test
  void theScheduleReachesTheFloorAtTheStatedFractionOfTheRun() {
    long run = 120; // e.g. 4 rounds x 30 steps
    long floor = FixedLoss.sphereFloorStep(run, 0.5);
    assertEquals(60, floor);
    double gamma = FixedLoss.sphereGamma(1000, 5, 2, floor);
    SphereFace loss = SphereFace.annealed(32, 4, 5, 1000, gamma, 2);
    assertEquals(1000, loss.lambdaAt(0), 1e-9);
    // at the floor step the annealed value itself is λ_min (not only the max() clamp)
    assertEquals(5, 1000 * Math.pow(1 + gamma * floor, -2), 1e-9);
    assertTrue(loss.lambdaAt(floor - 1) > 5.0, "still above the floor one step before");
    assertEquals(5, loss.lambdaAt(run), 0);
    // the published γ = 1e-4 would still be at λ ≈ 978 after the same run
    assertTrue(SphereFace.annealed(32, 4, 5, 1000, 1e-4, 2).lambdaAt(run) > 970);
    // the official Caffe schedule (power 1, γ 0.12) reaches 5 at iteration 1,658
    assertEquals(0.12, FixedLoss.sphereGamma(1000, 5, 1, 1658), 1e-4);
    assertEquals(1, FixedLoss.sphereFloorStep(1, 0.06));
    assertThrows(IllegalArgumentException.class, () -> FixedLoss.sphereFloorStep(100, 0));
    assertThrows(IllegalArgumentException.class, () -> FixedLoss.sphereGamma(5, 5, 2, 10));
  }

  @Test
  void graphLambdaFollowsTheStep() {
    SphereFace loss = SphereFace.annealed(30, 4, 5, 1000, 1e-4, 2);
    Placeholder<TInt64> step = harness.tf.placeholder(TInt64.class);
    Operand<TFloat64> lambda = loss.lambda(harness.tf, step, TFloat64.class);
    for (long t : new long[] {0, 1, 1000, 50_000, 10_000_000}) {
      try (Tensor fed = TInt64.scalarOf(t)) {
        double got = harness.fetch(List.of(step), List.of(fed), List.of(lambda)).get(0)[0];
        assertEquals(loss.lambdaAt(t), got, 1e-12 * loss.lambdaAt(t), "λ at step " + t);
      }
    }
  }

  @Test
  void annealedLossAtAStepEqualsTheFixedLambdaLoss() {
    SphereFace annealed = SphereFace.annealed(30, 4, 5, 1000, 1e-4, 2);
    double[][] cos = {{0.3, -0.2, 0.9, 0.1}, {-0.7, 0.6, 0.2, 0.0}, {0.2, -0.5, 0.5, -0.3}};
    int[] labels = {0, 1, 3};
    LossHarness.Compiled graph = harness.compile(annealed, TFloat64.class);
    double[] previous = null;
    for (long t : new long[] {0, 20_000, 1_000_000}) {
      LossHarness.Evaluation got = graph.run(cos, labels, t);
      SphereFace fixed = SphereFace.fixedLambda(30, 4, annealed.lambdaAt(t));
      LossHarness.Evaluation expected = harness.compile(fixed, TFloat64.class).run(cos, labels, 0);
      assertClose(expected.loss(), got.loss(), 1e-12, 1e-12, "loss at step " + t);
      assertClose(expected.grad(), got.grad(), 1e-12, 1e-12, "gradient at step " + t);
      if (previous != null) {
        // Smaller λ means more of the margin ψ(θ) ≤ cos θ: the loss can only grow.
        for (int n = 0; n < labels.length; n++) {
          Assertions.assertTrue(got.loss()[n] >= previous[n] - 1e-12);
        }
      }
      previous = got.loss();
    }
  }
}
