package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DecodeThreadsTest {
  @Test
  void onACpuTheCoresTensorFlowLeavesFreeAtLeastOne() {
    assertEquals(1, DecodeThreads.auto(2, 0, false), "TensorFlow takes every core by default");
    assertEquals(1, DecodeThreads.auto(2, 2, false));
    assertEquals(1, DecodeThreads.auto(2, 5, false), "never below one");
    assertEquals(6, DecodeThreads.auto(8, 2, false));
    assertEquals(1, DecodeThreads.auto(1, 0, false));
  }

  @Test
  void onAGpuTensorFlowKeepsTwoCoresUnlessItsThreadsAreGiven() {
    assertEquals(14, DecodeThreads.auto(16, 0, true));
    assertEquals(12, DecodeThreads.auto(16, 4, true));
    assertEquals(1, DecodeThreads.auto(2, 0, true));
    assertEquals(1, DecodeThreads.auto(1, 0, true));
  }

  @Test
  void anExplicitCountWinsAndNegativeIsRefused() {
    assertEquals(3, DecodeThreads.resolve(3, 0, Device.cpu()));
    assertEquals(
        DecodeThreads.auto(Runtime.getRuntime().availableProcessors(), 1, false),
        DecodeThreads.resolve(DecodeThreads.AUTO, 1, Device.cpu()));
    assertThrows(IllegalArgumentException.class, () -> DecodeThreads.resolve(-1, 0, Device.cpu()));
  }
}
