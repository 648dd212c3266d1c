package io.lfsbeam.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HolmTest {
  /**
   * By hand, k = 4: sorted 0.01, 0.02, 0.03, 0.04 → 4·0.01 = 0.04, 3·0.02 = 0.06, 2·0.03 = 0.06,
   * 1·0.04 = 0.04 → running max 0.04, 0.06, 0.06, 0.06. R's {@code p.adjust(c(0.03, 0.01, 0.04,
   * 0.02), "holm")} gives the same in input order.
   */
  @Test
  void stepDownAdjustedInInputOrder() {
    assertArrayEquals(
        new double[] {0.06, 0.04, 0.06, 0.06},
        Holm.adjust(new double[] {0.03, 0.01, 0.04, 0.02}),
        1e-15);
  }

  /** Adjusted values are capped at 1; untested entries (NaN) stay out of the family. */
  @Test
  void capsAtOneAndSkipsUntested() {
    double[] adj = Holm.adjust(new double[] {0.5, Double.NaN, 0.4});
    // k = 2: 2·0.4 = 0.8, then max(0.8, 1·0.5) = 0.8
    assertEquals(0.8, adj[0], 1e-15);
    assertEquals(Double.NaN, adj[1]);
    assertEquals(0.8, adj[2], 1e-15);
    assertEquals(2, Holm.familySize(new double[] {0.5, Double.NaN, 0.4}));
    assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.7, 0.9}), 1e-15);
  }

  @Test
  void rejectsProbabilitiesOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {1.5}));
  }
}
