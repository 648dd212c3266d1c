package io.lfsbeam.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The warp benchmark runs and reports a rate (printed, not asserted beyond being one). */
class WarpBenchmarkTest {
  @Test
  void reportsAPositiveRate() {
    double rate = WarpBenchmark.warpsPerSecond(200);
    assertTrue(rate > 0 && Double.isFinite(rate), "rate " + rate);
    System.out.printf(
        "AffineWarp 250x250 -> 112x112: %.0f warps/s (this thread's CPU time)%n", rate);
  }

  @Test
  void refusesNoIterations() {
    assertThrows(IllegalArgumentException.class, () -> WarpBenchmark.warpsPerSecond(0));
  }
}
