package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeanStdTest {
  @Test
  void sampleStandardDeviation() {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x − mean)² = 32, n − 1 = 7
    MeanStd m = MeanStd.of(List.of(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0));
    assertEquals(5.0, m.mean(), 0.0);
    assertEquals(Math.sqrt(32.0 / 7), m.std(), 0.0);
    assertEquals(8, m.n());
  }

  @Test
  void closeValuesKeepTheirSpread() {
    // one-pass Σx² − n·mean² loses these digits; two-pass keeps them
    MeanStd m = MeanStd.of(List.of(1e9 + 0.25, 1e9 + 0.75));
    assertEquals(Math.sqrt(0.125), m.std(), 1e-12);
  }

  @Test
  void oneOrNoValue() {
    assertTrue(Double.isNaN(MeanStd.of(List.of(0.9)).std()));
    assertEquals(0.9, MeanStd.of(List.of(0.9)).mean());
    assertEquals(0, MeanStd.of(List.of()).n());
  }
}
