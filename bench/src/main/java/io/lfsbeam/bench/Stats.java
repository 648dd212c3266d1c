package io.lfsbeam.bench;

import java.util.Arrays;

/** Summary statistics of repeated timings. */
final class Stats {
  private Stats() {}

  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
