package io.lfsbeam.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LegacyGaussianTest {
  @Test
  void drawsExactlyTheSequenceOfJavaUtilRandom() {
    for (long seed : new long[] {0, 1, -1, 42, 0x2545F4914F6CDD1DL, Long.MIN_VALUE}) {
      Random reference = new Random(seed);
      LegacyGaussian g = new LegacyGaussian(seed);
      for (int i = 0; i < 10_000; i++) {
        assertEquals(
            Double.doubleToRawLongBits(reference.nextGaussian()),
            Double.doubleToRawLongBits(g.nextGaussian()),
            "seed " + seed + ", draw " + i);
      }
      assertEquals(reference.nextDouble(), g.nextDouble(), "seed " + seed + ", a uniform after");
    }
  }
}
