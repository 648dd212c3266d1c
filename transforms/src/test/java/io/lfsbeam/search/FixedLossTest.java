package io.lfsbeam.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.search.policy.CosFaceEquivalence;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixedLossTest {
  private static final double S = 32;

  private static FixedLoss modulated(Double a) {
    return FixedLoss.parse("modulated", null, FixedLoss.DEFAULT_COMBINED, a, S);
  }

  @Test
  void modulatedDefaultsToTheSearchsWarmUpFactorWhichIsCosFaceWithAThirdMargin() {
    FixedLoss f = modulated(null);
    assertEquals(LossFamily.MODULATED, f.family());
    assertEquals(-Math.exp(S / 3), f.a(), 1e-9);
    assertEquals(1.0 / 3, CosFaceEquivalence.margin(f.a(), S), 1e-6);
    // the default follows the scale: the same m_eq at s = 64
    assertEquals(
        1.0 / 3, CosFaceEquivalence.margin(FixedLoss.named("modulated", 64).a(), 64), 1e-6);
    LossParams p = f.params(S);
    assertEquals(f.a(), p.getA(), 0.0);
    assertEquals(S, p.getScale(), 0.0);
  }

  @Test
  void anExplicitFactorIsKeptIncludingZeroAndHugeOnes() {
    assertEquals(-100, modulated(-100.0).params(S).getA(), 0.0);
    assertEquals(
        0, modulated(0.0).a(), 0.0, "a = 0 is the normalised softmax, still a valid factor");
    assertEquals(-1e12, modulated(-1e12).a(), 0.0, "the search samples |a| beyond 1e9 at s = 64");
  }

  @Test
  void factorsOutsideTheSearchSpaceAreRejected() {
    for (double bad : new double[] {0.5, Double.MIN_VALUE, Double.NaN, Double.NEGATIVE_INFINITY}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> modulated(bad), "a = " + bad);
      assertTrue(e.getMessage().contains("--modulation"), e.getMessage());
    }
  }

  @Test
  void optionsOfOtherLossesAreMistakesNotSilentlyIgnored() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FixedLoss.parse("cosface", null, FixedLoss.DEFAULT_COMBINED, -100.0, S));
    assertTrue(e.getMessage().contains("--loss=modulated only"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FixedLoss.parse("modulated", 0.35, FixedLoss.DEFAULT_COMBINED, null, S));
    assertTrue(e.getMessage().contains("not --margin"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FixedLoss.named("focal", S));
    assertTrue(
        e.getMessage().contains("modulated"), "the message lists the losses: " + e.getMessage());
  }

  @Test
  void marginLossesKeepTheirDefaultsAndCarryNoFactor() {
    LossParams cos = FixedLoss.named("CosFace", S).params(S);
    assertEquals(0.35, cos.getM2(), 0.0);
    assertNull(cos.getA());
    assertEquals(0.5, FixedLoss.named("arcface", S).m3(), 0.0);
    assertEquals(
        4, FixedLoss.parse("sphereface", null, FixedLoss.DEFAULT_COMBINED, null, S).m1(), 0.0);
    assertEquals(
        0.25, FixedLoss.parse("cosface", 0.25, FixedLoss.DEFAULT_COMBINED, null, S).m2(), 0.0);
    FixedLoss combined = FixedLoss.parse("combined", null, "1, 0.2, 0.1", null, S);
    assertEquals(List.of(1.0, 0.2, 0.1), List.of(combined.m1(), combined.m2(), combined.m3()));
  }

  @Test
  void aFixedModulatedSearchTrainsOneCandidateWithThatFactor() {
    SearchConfig c =
        SearchConfig.builder().mode(SearchMode.FIXED).fixedLoss(modulated(-100.0)).build();
    assertEquals("-100.0", c.describe().get("a"));
    List<LossCandidate> round = SearchPolicies.sample(SearchPolicies.initial(c), c);
    assertEquals(1, round.size());
    assertEquals(LossFamily.MODULATED, round.get(0).getFamily());
    assertEquals(-100, round.get(0).getParams().getA(), 0.0);
    assertEquals(List.of(), round.get(0).getPolicySample());

    assertThrows(
        IllegalArgumentException.class,
        () ->
            SearchConfig.builder()
                .mode(SearchMode.FIXED)
                .fixedLoss(new FixedLoss(LossFamily.MODULATED, 1, 0, 0, 3))
                .build(),
        "the config checks a itself, not only the parser");
  }

  @Test
  void sphereFaceAnnealsOverTheRunItIsTrainedIn() {
    FixedLoss sphere = FixedLoss.named("sphereface", S);
    LossParams published = sphere.params(S);
    assertEquals(1e-4, published.getSphereGamma(), 0.0);
    LossParams shortRun = sphere.params(S, 60);
    // base·(1 + γ·60)^−power = λ_min: the margin acts from step 60 on
    double lambda60 =
        shortRun.getSphereLambdaBase()
            * Math.pow(1 + shortRun.getSphereGamma() * 60, -shortRun.getSpherePower());
    assertEquals(shortRun.getSphereLambdaMin(), lambda60, 1e-9);
    // the same config, derived from the run: 4 rounds of 30 steps, λ_min at half the run
    SearchConfig c =
        SearchConfig.builder()
            .mode(SearchMode.FIXED)
            .fixedLoss(sphere)
            .trainingSteps(120)
            .sphereAnnealFraction(0.5)
            .build();
    assertEquals(60, c.sphereFloorStep());
    assertEquals(shortRun, c.fixedParams());
    // other losses are untouched by the run's length
    assertEquals(
        FixedLoss.named("cosface", S).params(S), FixedLoss.named("cosface", S).params(S, 60));
    // an unknown run length keeps the published γ
    assertEquals(
        published,
        SearchConfig.builder().mode(SearchMode.FIXED).fixedLoss(sphere).build().fixedParams());
  }
}
