package io.lfsbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Checks the benchmark runs and reports sane numbers; deliberately asserts no timing bound. */
class VerificationBenchmarkTest {

  @Test
  void measuresBothStagesOnSmallSizes() {
    VerificationBenchmark.Timings t = VerificationBenchmark.measure(600, 10_000, 2);
    assertEquals(600, t.protocolPairs());
    assertEquals(10_000, t.rocPairs());
    assertTrue(t.protocolMillis() >= 0 && Double.isFinite(t.protocolMillis()));
    assertTrue(t.rocMillis() >= 0 && Double.isFinite(t.rocMillis()));
    System.out.println("small benchmark: " + t);
  }
}
