package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The hang deadline of a child training JVM, worked by hand. No child is started. */
class ChildTimeoutTest {
  @Test
  void theDeadlineIsAMultipleOfTheTimeTheChildReportsItNeeds() {
    ChildTimeout t = new ChildTimeout(3, 60);
    assertEquals(60_000, t.deadlineMillis(-1, Double.NaN), "before any report: the minimum");
    // a report 100 s in, 50 s to go: expected 150 s, killed after 450 s
    assertEquals(450_000, t.deadlineMillis(100_000, 50));
    // a short run's 3 x 10 s stays at the minimum
    assertEquals(60_000, t.deadlineMillis(4_000, 6));
    // a report without a speed yet: three times its own time
    assertEquals(300_000, t.deadlineMillis(100_000, Double.NaN));
    assertEquals(Long.MAX_VALUE, ChildTimeout.none().deadlineMillis(100_000, 50));
    assertEquals(3, ChildTimeout.defaults().factor());
    assertEquals(1800, ChildTimeout.defaults().minimumSeconds());
  }

  @Test
  void badSettingsAreRefused() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new ChildTimeout(0.5, 60))
            .getMessage()
            .contains("--childTimeoutFactor must be at least 1"));
    assertThrows(IllegalArgumentException.class, () -> new ChildTimeout(-1, 60));
    assertThrows(IllegalArgumentException.class, () -> new ChildTimeout(Double.NaN, 60));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new ChildTimeout(3, 0))
            .getMessage()
            .contains("--childTimeoutMinSeconds must be positive"));
  }
}
