package io.lfsbeam.bench;

import io.lfsbeam.metrics.Roc;
import io.lfsbeam.metrics.RocCurve;
import io.lfsbeam.metrics.VerificationProtocol;
import java.util.Locale;
import java.util.Random;

/**
 * Times the evaluation on synthetic scores, for a {@code bench} command: the 10-fold protocol on
 * LFW's size (6,000 pairs) and a ROC on 1,000,000 pairs. The best of several runs is kept, which
 * discards JIT warm-up and scheduling noise. Not a test: timing assertions would be flaky on a
 * shared machine.
 */
public final class VerificationBenchmark {
  private VerificationBenchmark() {}

  /** Best-of-runs wall times in milliseconds. */
  public record Timings(int protocolPairs, double protocolMillis, int rocPairs, double rocMillis) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "10-fold protocol on %,d pairs: %.2f ms; ROC on %,d pairs: %.1f ms",
          protocolPairs,
          protocolMillis,
          rocPairs,
          rocMillis);
    }
  }

  /**
   * The standard measurement: 6,000 pairs for the protocol, 1,000,000 for the ROC, best of 10. The
   * first, cold call is several times slower (interpreted code before the JIT compiles the sort and
   * sweep), which is why only the best run is reported.
   */
  public static Timings measure() {
    return measure(6_000, 1_000_000, 10);
  }

  public static Timings measure(int protocolPairs, int rocPairs, int runs) {
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be ≥ 1");
    }
    Random random = new Random(42);
    double[] s1 = new double[protocolPairs];
    boolean[] l1 = new boolean[protocolPairs];
    int[] folds = new int[protocolPairs];
    fill(random, s1, l1);
    for (int i = 0; i < protocolPairs; i++) {
      folds[i] = i % 10;
    }
    double[] s2 = new double[rocPairs];
    boolean[] l2 = new boolean[rocPairs];
    fill(random, s2, l2);

    double protocolBest = Double.POSITIVE_INFINITY;
    double rocBest = Double.POSITIVE_INFINITY;
    double sink = 0; // keeps results alive so the work cannot be optimised away
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      sink += VerificationProtocol.run(s1, l1, folds).meanAccuracy();
      long t1 = System.nanoTime();
      Roc roc = RocCurve.compute(s2, l2);
      sink += roc.auc() + roc.eer();
      long t2 = System.nanoTime();
      protocolBest = Math.min(protocolBest, (t1 - t0) / 1e6);
      rocBest = Math.min(rocBest, (t2 - t1) / 1e6);
    }
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("benchmark produced NaN");
    }
    return new Timings(protocolPairs, protocolBest, rocPairs, rocBest);
  }

  /** Half matched, half mismatched; overlapping Gaussian cosines like a mid-quality model. */
  private static void fill(Random random, double[] scores, boolean[] same) {
    for (int i = 0; i < scores.length; i++) {
      same[i] = (i & 1) == 0;
      double s = (same[i] ? 0.55 : 0.1) + 0.15 * random.nextGaussian();
      scores[i] = Math.max(-1.0, Math.min(1.0, s));
    }
  }

  public static void main(String[] args) {
    System.out.println(measure());
  }
}
