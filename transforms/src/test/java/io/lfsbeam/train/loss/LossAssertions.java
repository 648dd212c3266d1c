package io.lfsbeam.train.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/** Elementwise closeness with a relative tolerance and an absolute floor; NaN never passes. */
final class LossAssertions {
  private LossAssertions() {}

  static void assertClose(
      double[] expected, double[] got, double relative, double absolute, String what) {
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(got[i] - expected[i]);
      boolean ok = err <= relative * Math.abs(expected[i]) + absolute;
      int at = i;
      assertTrue(
          ok,
          () ->
              what
                  + " differs at "
                  + at
                  + ": "
                  + Arrays.toString(got)
                  + " vs "
                  + Arrays.toString(expected));
    }
  }

  static void assertClose(
      double[][] expected, double[][] got, double relative, double absolute, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertClose(expected[i], got[i], relative, absolute, what + " row " + i);
    }
  }

  static void assertFinite(double[] values, String what) {
    for (double v : values) {
      assertTrue(Double.isFinite(v), () -> what + " not finite: " + Arrays.toString(values));
    }
  }

  static void assertFinite(double[][] values, String what) {
    for (double[] row : values) {
      assertFinite(row, what);
    }
  }
}
