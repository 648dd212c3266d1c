package io.lfsbeam.stats;

/**
 * Two methods' final models pair by pair: for each seed, model A's outcome on each test pair minus
 * model B's (1 − 0, 0 − 1 or equal: +1, −1, 0), and the identities each pair involves.
 *
 * @param bySeed [seed][pair] correct_A − correct_B, the seeds in the order of the per-seed
 *     differences they go with, the pairs in one order for every seed
 * @param left identity (cluster) index of each pair's first face
 * @param right identity index of its second face, equal to {@code left} for a matched pair
 */
public record PairDifferences(double[][] bySeed, int[] left, int[] right) {
  public PairDifferences {
    if (bySeed.length == 0) {
      throw new IllegalArgumentException("no seeds");
    }
    int pairs = left.length;
    if (pairs == 0 || right.length != pairs) {
      throw new IllegalArgumentException(
          "need two identities per pair: " + left.length + " vs " + right.length);
    }
    for (double[] d : bySeed) {
      if (d.length != pairs) {
        throw new IllegalArgumentException(
            "every seed must be scored on the same " + pairs + " pairs, not " + d.length);
      }
    }
  }

  /** From outcomes: {@code a[s][j]} whether A's model of seed s got pair j right, likewise b. */
  public static PairDifferences of(boolean[][] a, boolean[][] b, int[] left, int[] right) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "need the same seeds for both methods: " + a.length + " vs " + b.length);
    }
    double[][] d = new double[a.length][];
    for (int s = 0; s < a.length; s++) {
      if (a[s].length != b[s].length) {
        throw new IllegalArgumentException("both models must be scored on the same pairs");
      }
      d[s] = new double[a[s].length];
      for (int j = 0; j < d[s].length; j++) {
        d[s][j] = (a[s][j] ? 1 : 0) - (b[s][j] ? 1 : 0);
      }
    }
    return new PairDifferences(d, left, right);
  }

  /** The clustered variance over these pairs' identities. */
  public PairClusterVariance clusterVariance() {
    return new PairClusterVariance(left, right);
  }

  public int seeds() {
    return bySeed.length;
  }

  public int pairs() {
    return left.length;
  }
}
