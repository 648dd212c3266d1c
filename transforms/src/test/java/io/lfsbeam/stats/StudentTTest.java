package io.lfsbeam.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StudentTTest {
  /** Expected values: scipy 1.17.1, {@code scipy.stats.t.ppf(0.975, df)}. */
  @Test
  void quantilesMatchScipy() {
    assertEquals(12.706204736174694, StudentT.quantile(0.975, 1), 1e-9);
    assertEquals(4.302652729749462, StudentT.quantile(0.975, 2), 1e-9);
    assertEquals(2.7764451051977934, StudentT.quantile(0.975, 4), 1e-9);
    assertEquals(2.262157162798205, StudentT.quantile(0.975, 9), 1e-9);
    assertEquals(2.045229642132703, StudentT.quantile(0.975, 29), 1e-9);
  }

  @Test
  void symmetricAroundTheMedian() {
    assertEquals(0, StudentT.quantile(0.5, 3), 1e-12);
    assertEquals(-StudentT.quantile(0.9, 6), StudentT.quantile(0.1, 6), 1e-9);
  }

  @Test
  void rejectsImpossibleArguments() {
    assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(0.975, 0));
    assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(1.0, 3));
  }
}
