package io.lfsbeam.search.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.search.SearchConfig;
import io.lfsbeam.search.SearchPolicies;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AM-LFS warm-up rounds train the policy's centre (the update skips them, so random draws would be
 * explored for nothing): every candidate is τ of μ, which at the start is the identity τ(p) = p, α
 * = 1, β = 0 (plain softmax); after the warm-up the draws spread again.
 */
class AmLfsWarmupTest {
  @Test
  void warmupRoundsTrainTheIdentityTau() {
    SearchConfig c =
        SearchConfig.builder()
            .searchId("w")
            .mode(SearchMode.AMLFS)
            .rounds(3)
            .candidates(4)
            .warmupRounds(1)
            .seed(2)
            .build();
    PolicyState start = SearchPolicies.initial(c);
    List<LossCandidate> warm = SearchPolicies.sample(start, c);
    int bins = AmLfsPolicy.DEFAULT_BINS;
    // the first bin's τ(0) = 0 is lifted to the floor 1e-6 (slope 1 − 6e-6): within 1e-5
    for (LossCandidate cand : warm) {
      for (int i = 0; i < bins; i++) {
        assertEquals(1.0, cand.getParams().getAlpha().get(i), 1e-5, "slope of bin " + i);
        assertEquals(0.0, cand.getParams().getBeta().get(i), 1e-5, "intercept of bin " + i);
      }
      assertEquals(start.getMu(), cand.getPolicySample(), "the draw is mu itself");
    }
    List<LossCandidate> after =
        SearchPolicies.sample(PolicyState.newBuilder(start).setRound(1).build(), c);
    assertNotEquals(after.get(0).getParams().getAlpha(), after.get(1).getParams().getAlpha());
  }
}
