package io.lfsbeam.train.loss;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One TensorFlow graph session per test class, opened before its tests and closed after them. */
abstract class WithLossHarness {
  static LossHarness harness;

  @BeforeAll
  static void openHarness() {
    harness = LossHarness.open();
  }

  @AfterAll
  static void closeHarness() {
    if (harness != null) {
      harness.close();
      harness = null;
    }
  }
}
