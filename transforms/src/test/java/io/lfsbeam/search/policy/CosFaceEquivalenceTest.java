package io.lfsbeam.search.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CosFaceEquivalenceTest {

  @Test
  void cosFaceEquivalenceInvertsTheCosFaceModulatingFactor() {
    double a = CosFaceEquivalence.modulatingFactor(0.35, 32.0);
    assertEquals(1 - Math.exp(32 * 0.35), a, 1e-9 * Math.abs(a));
    assertEquals(0.35, CosFaceEquivalence.margin(a, 32.0), 1e-14);
    assertEquals(0.0, CosFaceEquivalence.margin(0.0, 32.0), "plain softmax is margin +0");
    assertEquals(0.0, CosFaceEquivalence.margin(-0.0, 32.0));
    // a = -e^{s/3} is "almost CosFace with m = 1/3" (METHOD §2).
    assertEquals(1.0 / 3.0, CosFaceEquivalence.margin(-Math.exp(32.0 / 3.0), 32.0), 1e-4);
  }

  @Test
  void positiveModulatingFactorsAreNotMargins() {
    assertThrows(IllegalArgumentException.class, () -> CosFaceEquivalence.margin(0.5, 32.0));
  }
}
