package io.lfsbeam.stats;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A bootstrap interval over test pairs for the accuracy difference of two methods: resample the
 * test pairs with replacement (one draw of pairs shared by every seed and both methods), score both
 * methods' fixed final models on the same resampled pairs, and take the percentile interval of the
 * mean over seeds of (accuracy A − accuracy B).
 *
 * <p>It measures how much the difference owes to which pairs happened to be in the test set, with
 * the trained models held fixed: the seed-to-seed spread is the t interval's business ({@link
 * PairedDifference}). Each model's decisions use its own fold thresholds, chosen once on the full
 * test set by the 10-fold protocol and not re-chosen per resample.
 *
 * <p>Because every replicate is an average over the same resampled pairs, the replicate value is
 * the mean over the drawn pairs of D_j = mean over seeds of (correct A − correct B) at pair j: one
 * vector of differences is resampled, which costs replicates × pairs.
 */
public final class PairBootstrap {
  /** Replicates by default: percentile bounds at 2.5 % / 97.5 % move by ~0.1 pp between seeds. */
  public static final int DEFAULT_REPLICATES = 2000;

  /** The fixed seed of the resampling, so the same inputs give the same interval. */
  public static final long DEFAULT_SEED = 15L;

  private PairBootstrap() {}

  /**
   * @param a per seed, whether method A's final model got each test pair right
   * @param b the same for method B, same seeds in the same order, pairs in the same order
   */
  public static Interval overPairs(
      List<boolean[]> a, List<boolean[]> b, int replicates, long seed, double level) {
    PairedDifference.checkLevel(level);
    if (a.size() != b.size() || a.isEmpty()) {
      throw new IllegalArgumentException(
          "need the same positive number of seeds for both methods: "
              + a.size()
              + " vs "
              + b.size());
    }
    if (replicates < 1) {
      throw new IllegalArgumentException("replicates must be at least 1, not " + replicates);
    }
    int pairs = a.get(0).length;
    if (pairs == 0) {
      throw new IllegalArgumentException("no test pairs");
    }
    double[] d = new double[pairs];
    for (int s = 0; s < a.size(); s++) {
      if (a.get(s).length != pairs || b.get(s).length != pairs) {
        throw new IllegalArgumentException("every model must be scored on the same test pairs");
      }
      for (int j = 0; j < pairs; j++) {
        d[j] += ((a.get(s)[j] ? 1 : 0) - (b.get(s)[j] ? 1 : 0)) / (double) a.size();
      }
    }
    double estimate = Arrays.stream(d).sum() / pairs;
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[replicates];
    for (int r = 0; r < replicates; r++) {
      double sum = 0;
      for (int k = 0; k < pairs; k++) {
        sum += d[random.nextInt(pairs)];
      }
      values[r] = sum / pairs;
    }
    Arrays.sort(values);
    double tail = (1 - level) / 2;
    return new Interval(
        estimate, percentile(values, tail), percentile(values, 1 - tail), level, pairs);
  }

  /** The default replicates and seed. */
  public static Interval overPairs(List<boolean[]> a, List<boolean[]> b, double level) {
    return overPairs(a, b, DEFAULT_REPLICATES, DEFAULT_SEED, level);
  }

  /**
   * The q-quantile (0 ≤ q ≤ 1) of sorted values with linear interpolation between order statistics
   * (numpy's default percentile, R's type 7).
   */
  static double percentile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
