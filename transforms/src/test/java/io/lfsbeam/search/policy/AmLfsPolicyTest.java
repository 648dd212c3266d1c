package io.lfsbeam.search.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmLfsPolicyTest {

  @Test
  void startsAtTheIdentityWithSixBins() {
    AmLfsPolicy policy = AmLfsPolicy.builder().build();
    assertEquals(6, policy.bins());
    TauFunction tau = policy.meanTau();
    for (double p = 0.01; p <= 1.0; p += 0.01) {
      assertEquals(p, tau.value(p), 1e-5, "identity tau at p=" + p);
    }
  }

  @Test
  void everySampledTauIsPositiveAndAtMostOneOnEveryBin() {
    // A wide sigma so that many raw draws violate the constraints and must be projected.
    AmLfsPolicy policy = AmLfsPolicy.builder().sigma(1.0).seed(11L).build();
    int bins = policy.bins();
    int projected = 0;
    for (int m = 0; m < 500; m++) {
      TauSample sample = policy.sampleCandidate(1, m);
      double[] x = sample.x();
      TauFunction tau = sample.tau();
      for (int i = 0; i < bins; i++) {
        double lower = (double) i / bins;
        double upper = (double) (i + 1) / bins;
        for (double p : new double[] {lower, upper - 1e-12, (lower + upper) / 2}) {
          double value = tau.alpha()[i] * p + tau.beta()[i];
          assertTrue(
              value > 0 && value <= 1 + 1e-12, "tau on bin " + i + " at p=" + p + " is " + value);
        }
        double rawLow = x[i] * lower + x[bins + i];
        if (rawLow <= 0 || rawLow > 1) {
          projected++;
        }
      }
    }
    assertTrue(projected > 100, "the test must exercise the projection, did " + projected);
  }

  @Test
  void validParametersAreLeftAsTheyAre() {
    double[] alpha = {0.5, 0.8, 1.0};
    double[] beta = {0.1, 0.05, 0.0};
    TauFunction tau = TauFunction.project(alpha, beta, 1e-6);
    assertArrayEquals(alpha, tau.alpha(), 1e-12);
    assertArrayEquals(beta, tau.beta(), 1e-12);
    assertEquals(2, tau.binOf(1.0));
    assertEquals(0.8 * 0.5 + 0.05, tau.value(0.5), 1e-15);
  }

  @Test
  void updateMovesTheMeansTowardARewardedShape() {
    // Synthetic reward: prefer slopes of 0.7 on every bin (a tau flatter than the identity).
    AmLfsPolicy policy = AmLfsPolicy.builder().seed(5L).build();
    double startDistance = slopeDistance(policy.meanTau(), 0.7);
    for (int round = 1; round <= 40; round++) {
      List<CandidateOutcome> outcomes = new ArrayList<>();
      for (int m = 0; m < 8; m++) {
        TauSample s = policy.sampleCandidate(round, m);
        outcomes.add(CandidateOutcome.succeeded(s.x(), -slopeDistance(s.tau(), 0.7)));
      }
      policy = policy.update(outcomes);
    }
    double endDistance = slopeDistance(policy.meanTau(), 0.7);
    System.out.printf("AM-LFS slope distance to 0.7: %.4f -> %.4f%n", startDistance, endDistance);
    assertTrue(
        endDistance < 0.5 * startDistance,
        "mean slopes should approach 0.7: " + startDistance + " -> " + endDistance);
    assertEquals(40, policy.round());
    assertEquals(40, policy.adamState().step());
  }

  private static double slopeDistance(TauFunction tau, double target) {
    double sum = 0;
    for (double a : tau.alpha()) {
      sum += (a - target) * (a - target);
    }
    return Math.sqrt(sum / tau.bins());
  }
}
