package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Pure logic: learning-rate schedules, their text form, device parsing and resolution. */
class ScheduleAndDeviceTest {
  @Test
  void multiStepDropsAtMilestones() {
    LearningRateSchedule s = LearningRateSchedule.multiStep(0.1, 0.1, 300, 100, 200);
    assertEquals(0.1, s.rate(0), 1e-12);
    assertEquals(0.1, s.rate(99), 1e-12);
    assertEquals(0.01, s.rate(100), 1e-12);
    assertEquals(0.001, s.rate(250), 1e-12);
    assertEquals(0.0001, s.rate(10_000), 1e-12);
  }

  @Test
  void cosineGoesFromBaseToFloor() {
    LearningRateSchedule s = LearningRateSchedule.cosine(0.2, 100, 0.02);
    assertEquals(0.2, s.rate(0), 1e-12);
    assertEquals(0.11, s.rate(50), 1e-12);
    assertEquals(0.02, s.rate(100), 1e-12);
    assertEquals(0.02, s.rate(500), 1e-12);
  }

  @Test
  void warmupRampsLinearlyThenHandsOver() {
    LearningRateSchedule s = LearningRateSchedule.constant(0.1).withWarmup(10, 0.0);
    assertEquals(0.0, s.rate(0), 1e-12);
    assertEquals(0.05, s.rate(5), 1e-12);
    assertEquals(0.1, s.rate(10), 1e-12);
  }

  @Test
  void textFormRoundTrips() {
    for (LearningRateSchedule s :
        new LearningRateSchedule[] {
          LearningRateSchedule.constant(0.05),
          LearningRateSchedule.multiStep(0.1, 0.5, 10, 20).withWarmup(5, 0.1),
          LearningRateSchedule.cosine(0.1, 1000, 1e-4)
        }) {
      LearningRateSchedule back = LearningRateSchedule.parse(s.toSpec());
      assertEquals(s.toSpec(), back.toSpec());
      for (long step : new long[] {0, 3, 7, 15, 25, 600, 2000}) {
        assertEquals(s.rate(step), back.rate(step), 1e-15);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("linear:0.1"));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("multistep:x"));
  }

  @Test
  void devicesParseResolveAndMapToTensorFlowNames() {
    assertEquals(Device.cpu(), Device.parse("CPU"));
    assertEquals(Device.gpu(1), Device.parse("gpu:1"));
    assertEquals(Device.gpu(0), Device.parse("gpu"));
    assertEquals(Device.cpu(), Device.auto().resolve(0));
    assertEquals(Device.gpu(0), Device.auto().resolve(2));
    assertEquals("/device:GPU:1", Device.gpu(1).resolve(2).tensorFlowName());
    assertEquals("/device:CPU:0", Device.cpu().resolve(0).tensorFlowName());
    assertThrows(IllegalArgumentException.class, () -> Device.gpu(1).resolve(1));
    assertThrows(IllegalStateException.class, () -> Device.auto().tensorFlowName());
    assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
  }
}
