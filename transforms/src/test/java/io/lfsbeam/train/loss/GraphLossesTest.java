package io.lfsbeam.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The factory reads the right LossParams fields per family (pure Java: no graph is built). */
class GraphLossesTest {

  @Test
  void mapsEveryFamilyToItsLossWithItsParameters() {
    LossParams p =
        LossParams.newBuilder()
            .setScale(48)
            .setM1(4)
            .setM2(0.35)
            .setM3(0.5)
            .setA(-7.0)
            .setABins(List.of(-1.0, -2.0))
            .setAlpha(List.of(0.9, 1.0))
            .setBeta(List.of(0.0, 0.1))
            .build();
    assertInstanceOf(PlainSoftmax.class, GraphLosses.of(LossFamily.SOFTMAX, p));
    assertEquals(48, ((NormalizedSoftmax) GraphLosses.of(LossFamily.NORMFACE, p)).scale());
    assertEquals(0.35, ((CosFace) GraphLosses.of(LossFamily.COSFACE, p)).margin());
    assertEquals(0.5, ((ArcFace) GraphLosses.of(LossFamily.ARCFACE, p)).margin());
    assertInstanceOf(CombinedMargin.class, GraphLosses.of(LossFamily.COMBINED, p));
    SphereFace sphere = (SphereFace) GraphLosses.of(LossFamily.SPHEREFACE, p);
    assertEquals(1000, sphere.lambdaAt(0), 1e-12, "default schedule starts at the base");
    ModulatedSoftmax modulated = (ModulatedSoftmax) GraphLosses.of(LossFamily.MODULATED, p);
    assertEquals(-7.0, modulated.a());
    assertEquals(48, modulated.scale());
    assertArrayEquals(
        new double[] {-1, -2},
        ((LocalModulatedSoftmax) GraphLosses.of(LossFamily.MODULATED_LOCAL, p)).aBins());
    assertInstanceOf(AmLfs.class, GraphLosses.of(LossFamily.AMLFS, p));
  }

  @Test
  void onlyThePlainSoftmaxTakesRawLogits() {
    LossParams p =
        LossParams.newBuilder()
            .setA(0.0)
            .setABins(List.of(-1.0))
            .setAlpha(List.of(1.0))
            .setBeta(List.of(0.0))
            .build();
    for (LossFamily family : LossFamily.values()) {
      if (family == LossFamily.UNKNOWN) {
        continue;
      }
      GraphLoss loss = GraphLosses.of(family, p);
      if (family == LossFamily.SOFTMAX) {
        assertFalse(loss.requiresNormalizedInput());
      } else {
        assertTrue(loss.requiresNormalizedInput(), family + " works on cosines");
      }
    }
  }

  @Test
  void rejectsIncompleteParameters() {
    LossParams defaults = LossParams.newBuilder().build();
    assertThrows(
        IllegalArgumentException.class, () -> GraphLosses.of(LossFamily.UNKNOWN, defaults));
    assertThrows(
        IllegalArgumentException.class, () -> GraphLosses.of(LossFamily.MODULATED, defaults));
    assertThrows(
        IllegalArgumentException.class, () -> GraphLosses.of(LossFamily.MODULATED_LOCAL, defaults));
    assertThrows(IllegalArgumentException.class, () -> GraphLosses.of(LossFamily.AMLFS, defaults));
  }
}
