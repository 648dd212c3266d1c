package io.lfsbeam.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.search.policy.AmLfsPolicy;
import io.lfsbeam.search.policy.CandidateOutcome;
import io.lfsbeam.search.policy.CosFaceEquivalence;
import io.lfsbeam.search.policy.GaussianPolicy;
import io.lfsbeam.search.policy.ModulationSample;
import io.lfsbeam.search.policy.SearchSpace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the search starts: μ₀ (--initialMu) and why μ₀ = 0 gives no expected gradient. */
class SearchStartTest {
  private static SearchConfig.Builder search() {
    return SearchConfig.builder().searchId("t").mode(SearchMode.SEARCH).candidates(4).seed(3);
  }

  @Test
  void initialMuIsTheFirstStateAndCentresTheFirstDraws() {
    PolicyState zero = SearchPolicies.initial(search().build());
    assertEquals(List.of(0.0), zero.getMu());
    PolicyState one = SearchPolicies.initial(search().initialMu(1).build());
    assertEquals(List.of(1.0), one.getMu());
    // the first round samples around it: a ≈ −e^{s/3}, CosFace-equivalent m ≈ 1/3
    double meanMargin = 0;
    List<LossCandidate> round1 = SearchPolicies.sample(one, search().initialMu(1).build());
    for (LossCandidate c : round1) {
      meanMargin += CosFaceEquivalence.margin(c.getParams().getA(), 32) / round1.size();
    }
    assertEquals(1.0 / 3, meanMargin, 0.03);
    // random mode starts there too and stays; the local space starts every bin there
    PolicyState random =
        SearchPolicies.initial(search().mode(SearchMode.RANDOM).initialMu(0.5).build());
    assertEquals(List.of(0.5), random.getMu());
    PolicyState local =
        SearchPolicies.initial(search().space(SearchSpace.LOCAL).initialMu(0.7).build());
    assertEquals(Collections.nCopies(10, 0.7), local.getMu());
    // AM-LFS starts at the identity τ whatever μ₀ says
    PolicyState amlfs =
        SearchPolicies.initial(search().mode(SearchMode.AMLFS).initialMu(1).build());
    assertEquals(
        List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0), amlfs.getMu());
    assertEquals(2 * AmLfsPolicy.DEFAULT_BINS, amlfs.getMu().size());
    assertThrows(IllegalArgumentException.class, () -> search().initialMu(Double.NaN).build());
  }

  /**
   * a = −|x|·e^{s/3} depends on |x| only, so at μ = 0 the draws x and −x are equally likely and
   * have the same reward: the REINFORCE gradient averages to zero, however the reward depends on a.
   * Away from 0 it does not. Measured over 500 rounds of 8 candidates with the search's own sampler
   * and a reward peaked at m_eq = 0.3 (|x| ≈ 0.34).
   */
  @Test
  void atMuZeroTheExpectedPolicyGradientVanishes() {
    double[] atZero = meanAndStandardError(0.0);
    double[] atOne = meanAndStandardError(1.0);
    assertTrue(
        Math.abs(atZero[0]) < 3 * atZero[1],
        "mean gradient at mu = 0: " + atZero[0] + " ± " + atZero[1]);
    // at μ = 1 the draws are too far out (|x| ≈ 1 > 0.34): descending the loss lowers μ
    assertTrue(atOne[0] > 5 * atOne[1], "mean gradient at mu = 1: " + atOne[0] + " ± " + atOne[1]);
  }

  private static double[] meanAndStandardError(double mu) {
    GaussianPolicy policy = GaussianPolicy.builder().seed(17).initialMu(mu).build();
    List<Double> grads = new ArrayList<>();
    for (int round = 1; round <= 500; round++) {
      List<CandidateOutcome> outcomes = new ArrayList<>();
      for (int m = 0; m < 8; m++) {
        ModulationSample s = policy.sampleCandidate(round, m);
        double margin = CosFaceEquivalence.margin(s.a()[0], policy.scale());
        outcomes.add(CandidateOutcome.succeeded(s.x(), 0.9 - (margin - 0.3) * (margin - 0.3)));
      }
      grads.add(policy.policyLossGradient(outcomes).orElseThrow()[0]);
    }
    double mean = grads.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double var =
        grads.stream().mapToDouble(g -> (g - mean) * (g - mean)).sum() / (grads.size() - 1);
    return new double[] {mean, Math.sqrt(var / grads.size())};
  }
}
