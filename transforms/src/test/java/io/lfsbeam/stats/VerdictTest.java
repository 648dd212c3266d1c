package io.lfsbeam.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VerdictTest {
  private static Interval of(double low, double high) {
    return new Interval((low + high) / 2, low, high, 0.95, 5);
  }

  @Test
  void everyIntervalMustAgree() {
    assertEquals(Verdict.BETTER, Verdict.of(of(0.01, 0.03), of(0.002, 0.04)));
    assertEquals(Verdict.WORSE, Verdict.of(of(-0.05, -0.01), of(-0.03, -0.001)));
    assertEquals(Verdict.NOT_DISTINGUISHABLE, Verdict.of(of(0.01, 0.03), of(-0.01, 0.04)));
    assertEquals(Verdict.NOT_DISTINGUISHABLE, Verdict.of(of(0.01, 0.03), of(-0.04, -0.01)));
  }

  @Test
  void missingIntervalsAreLeftOut() {
    assertEquals(Verdict.BETTER, Verdict.of(Interval.pointOnly(0.02, 0.95, 1), of(0.01, 0.03)));
    assertEquals(Verdict.BETTER, Verdict.of(null, of(0.01, 0.03)));
    assertEquals(Verdict.UNKNOWN, Verdict.of(Interval.pointOnly(0.02, 0.95, 1), null));
  }
}
