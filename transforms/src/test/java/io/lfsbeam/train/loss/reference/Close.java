package io.lfsbeam.train.loss.reference;

import static org.junit.jupiter.api.Assertions.fail;

/** Element-wise closeness assertions with a relative tolerance and an absolute floor. */
final class Close {
  private Close() {}

  static boolean within(double expected, double actual, double rel, double abs) {
    return Math.abs(actual - expected) <= rel * Math.abs(expected) + abs;
  }

  static void assertClose(String what, double expected, double actual, double rel, double abs) {
    if (!within(expected, actual, rel, abs)) {
      fail(
          what
              + ": expected "
              + expected
              + " but got "
              + actual
              + " (diff "
              + Math.abs(actual - expected)
              + ")");
    }
  }

  static void assertClose(String what, double[] expected, double[] actual, double rel, double abs) {
    if (expected.length != actual.length) {
      fail(what + ": length " + actual.length + ", expected " + expected.length);
    }
    for (int i = 0; i < expected.length; i++) {
      assertClose(what + "[" + i + "]", expected[i], actual[i], rel, abs);
    }
  }

  static void assertClose(
      String what, double[][] expected, double[][] actual, double rel, double abs) {
    if (expected.length != actual.length) {
      fail(what + ": " + actual.length + " rows, expected " + expected.length);
    }
    for (int i = 0; i < expected.length; i++) {
      assertClose(what + "[" + i + "]", expected[i], actual[i], rel, abs);
    }
  }
}
