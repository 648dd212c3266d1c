package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.MarginRange;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MarginReachTest {
  /** a = 1 − e^{s·m} for m = 0, 0.1, 0.2 at s = 32: the margins come back, median 0.1. */
  @Test
  void rangeOfTheSampledMargins() {
    List<Double> a = List.of(-Math.expm1(32 * 0.2), 0.0, -Math.expm1(32 * 0.1));
    MarginRange r = MarginReach.of(a, 32).orElseThrow();
    assertEquals(0, r.getMin(), 1e-15);
    assertEquals(0.2, r.getMax(), 1e-12);
    assertEquals(0.1, r.getMedian(), 1e-12);
    assertEquals(3, r.getValues());
    assertTrue(MarginReach.of(List.of(), 32).isEmpty());
    assertTrue(MarginReach.outside(r, 0.35));
    assertTrue(!MarginReach.outside(r, 0.15));
  }

  @Test
  void fixedLossesWithAConstantEquivalent() {
    assertEquals(OptionalDouble.of(0), MarginReach.ofFixed(Map.of("loss", "SOFTMAX")));
    assertEquals(OptionalDouble.of(0), MarginReach.ofFixed(Map.of("loss", "NORMFACE")));
    assertEquals(
        OptionalDouble.of(0.35),
        MarginReach.ofFixed(Map.of("loss", "COSFACE", "m1", "1.0", "m2", "0.35", "m3", "0.0")));
    assertEquals(
        OptionalDouble.of(0.2),
        MarginReach.ofFixed(Map.of("loss", "COMBINED", "m1", "1.0", "m2", "0.2", "m3", "0.0")));
    // a = −e^{32/3}: ln(1 + e^{32/3})/32 = 1/3 + ln(1 + e^{−32/3})/32
    double m =
        MarginReach.ofFixed(
                Map.of(
                    "loss", "MODULATED", "a", Double.toString(-Math.exp(32.0 / 3)), "scale", "32"))
            .getAsDouble();
    assertEquals(1.0 / 3 + Math.log1p(Math.exp(-32.0 / 3)) / 32, m, 1e-12);
  }

  /** Margins that depend on the angle, searches, and unreadable records get none. */
  @Test
  void noEquivalentWhereTheMarginDependsOnTheAngle() {
    assertTrue(MarginReach.ofFixed(Map.of("loss", "ARCFACE", "m3", "0.5")).isEmpty());
    assertTrue(MarginReach.ofFixed(Map.of("loss", "SPHEREFACE", "m1", "4")).isEmpty());
    assertTrue(
        MarginReach.ofFixed(Map.of("loss", "COMBINED", "m1", "1.0", "m2", "0.2", "m3", "0.3"))
            .isEmpty());
    assertTrue(MarginReach.ofFixed(Map.of("mode", "SEARCH")).isEmpty());
    assertTrue(MarginReach.ofFixed(Map.of("loss", "COSFACE")).isEmpty(), "m2 missing");
  }

  @Test
  void unionOverSeeds() {
    MarginRange u =
        MarginReach.union(
                List.of(new MarginRange(0.1, 0.3, 0.2, 4), new MarginRange(0.05, 0.25, 0.22, 4)))
            .orElseThrow();
    assertEquals(0.05, u.getMin(), 0.0);
    assertEquals(0.3, u.getMax(), 0.0);
    assertEquals(0.21, u.getMedian(), 1e-15);
    assertEquals(8, u.getValues());
  }
}
