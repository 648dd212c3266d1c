package io.lfsbeam.stats;

import java.util.SplittableRandom;

/**
 * Simulated compares of two methods, for checking the verdict's error rates: a fresh LFW-style test
 * set per experiment (identities with several images; 10 folds of matched and mismatched pairs, so
 * pairs share identities and images), and for each method and seed whether its model gets each pair
 * right.
 *
 * <p>A model of method m trained with seed s gets pair j right when a latent score is positive:
 *
 * <pre>
 *   z = μ + Δ·[m = A]                         the methods' levels (Δ = 0 under the null)
 *     + c_l + c_r + h_j                       pair difficulty shared by both methods
 *     + q_{m,l} + q_{m,r} + w_{m,j}           pair noise: where m is better than the other
 *     + a_{m,s}                               seed noise: one model trains better overall
 *     + g_{m,s,l} + g_{m,s,r} + ε_{m,s,j}     seed × pair noise: which pairs this model misses
 * </pre>
 *
 * with l, r the pair's identities (a matched pair has l = r: one identity term) and every term an
 * independent normal draw with the standard deviations below. The method-specific identity terms q
 * and g make pairs that share a person correlated, the way a model that embeds someone badly gets
 * all of their pairs wrong. The defaults were set (measured by {@link #components}) so that the
 * variance of one seed's accuracy difference due to training, σ²_a + Q_e, equals the variance due
 * to the draw of the test set, Q_b: "equal seed and pair noise".
 */
final class PairedExperiments {
  /** Identities in a test set, images per identity. */
  final int identities;

  final int imagesPerIdentity;

  /** Folds, and matched (= mismatched) pairs per fold. */
  final int folds;

  final int matchedPerFold;

  double mu = 1.2;
  double shared = 0.5; // c
  double sharedPair = 0.7; // h
  double pairIdentity = 0.26; // q
  double pairOwn = 0.3; // w
  double seed = 0.05; // a
  double seedIdentity = 0.1; // g
  double seedPair = 0.5; // ε

  PairedExperiments(int identities, int imagesPerIdentity, int folds, int matchedPerFold) {
    this.identities = identities;
    this.imagesPerIdentity = imagesPerIdentity;
    this.folds = folds;
    this.matchedPerFold = matchedPerFold;
  }

  /** 40 identities of 5 images, 10 folds of 30 matched + 30 mismatched pairs (600 pairs). */
  static PairedExperiments lfwLike() {
    return new PairedExperiments(40, 5, 10, 30);
  }

  int pairs() {
    return 2 * folds * matchedPerFold;
  }

  /** One test set: the identities of each pair (left, right), drawn afresh. */
  record TestSet(int[] left, int[] right, double[] difficulty) {}

  TestSet testSet(SplittableRandom r) {
    int p = pairs();
    int[] left = new int[p];
    int[] right = new int[p];
    double[] c = normals(r, identities, shared);
    double[] difficulty = new double[p];
    for (int j = 0; j < p; j++) {
      boolean matched = j % 2 == 0;
      int l = r.nextInt(identities);
      int rt = l;
      if (!matched) {
        rt = r.nextInt(identities - 1);
        rt = rt >= l ? rt + 1 : rt;
      }
      left[j] = l;
      right[j] = rt;
      difficulty[j] = mu + c[l] + (matched ? 0 : c[rt]) + sharedPair * r.nextGaussian();
    }
    return new TestSet(left, right, difficulty);
  }

  /** A method's pair effects on a test set (drawn once per method and test set). */
  double[] pairEffects(SplittableRandom r, TestSet t) {
    double[] q = normals(r, identities, pairIdentity);
    double[] b = new double[t.left().length];
    for (int j = 0; j < b.length; j++) {
      b[j] = q[t.left()[j]] + (t.left()[j] == t.right()[j] ? 0 : q[t.right()[j]]);
      b[j] += pairOwn * r.nextGaussian();
    }
    return b;
  }

  /** Whether one model (one method, one seed) gets each pair right. */
  boolean[] outcomes(SplittableRandom r, TestSet t, double[] pairEffects, double level) {
    double a = seed * r.nextGaussian();
    double[] g = normals(r, identities, seedIdentity);
    boolean[] right = new boolean[t.left().length];
    for (int j = 0; j < right.length; j++) {
      int l = t.left()[j];
      int rt = t.right()[j];
      double z =
          t.difficulty()[j]
              + level
              + pairEffects[j]
              + a
              + g[l]
              + (l == rt ? 0 : g[rt])
              + seedPair * r.nextGaussian();
      right[j] = z > 0;
    }
    return right;
  }

  /** One simulated compare of A (shifted by {@code delta} on the latent scale) against B. */
  record Experiment(double[] perSeed, PairDifferences pairs) {
    TotalNoise noise() {
      return TotalNoise.of(perSeed, pairs);
    }
  }

  Experiment experiment(SplittableRandom r, int seeds, double delta) {
    TestSet t = testSet(r);
    double[] ba = pairEffects(r, t);
    double[] bb = pairEffects(r, t);
    boolean[][] a = new boolean[seeds][];
    boolean[][] b = new boolean[seeds][];
    double[] perSeed = new double[seeds];
    for (int s = 0; s < seeds; s++) {
      a[s] = outcomes(r, t, ba, delta);
      b[s] = outcomes(r, t, bb, 0);
      perSeed[s] = (count(a[s]) - count(b[s])) / (double) a[s].length;
    }
    return new Experiment(perSeed, PairDifferences.of(a, b, t.left(), t.right()));
  }

  /**
   * A family: methods A_1..A_k (each shifted by {@code deltas[i]}) and B on one test set and the
   * same seeds; experiment i is A_i against B (B's models shared, as a compare shares its
   * reference).
   */
  Experiment[] family(SplittableRandom r, int seeds, double[] deltas) {
    TestSet t = testSet(r);
    double[] bb = pairEffects(r, t);
    boolean[][] b = new boolean[seeds][];
    for (int s = 0; s < seeds; s++) {
      b[s] = outcomes(r, t, bb, 0);
    }
    Experiment[] out = new Experiment[deltas.length];
    for (int i = 0; i < deltas.length; i++) {
      double[] ba = pairEffects(r, t);
      boolean[][] a = new boolean[seeds][];
      double[] perSeed = new double[seeds];
      for (int s = 0; s < seeds; s++) {
        a[s] = outcomes(r, t, ba, deltas[i]);
        perSeed[s] = (count(a[s]) - count(b[s])) / (double) a[s].length;
      }
      out[i] = new Experiment(perSeed, PairDifferences.of(a, b, t.left(), t.right()));
    }
    return out;
  }

  /**
   * Monte Carlo variance components of one seed's accuracy difference under the null: [0] the
   * training part σ²_a + Q_e (variance over seeds on a fixed test set, averaged over test sets),
   * [1] the test-set part Q_b (variance over test sets of the mean over many seeds, less that
   * mean's own seed variance), [2] the mean accuracy.
   */
  double[] components(SplittableRandom r, int testSets, int seedsPerSet) {
    double within = 0;
    double[] setMeans = new double[testSets];
    double accuracy = 0;
    for (int i = 0; i < testSets; i++) {
      Experiment e = experiment(r, seedsPerSet, 0);
      double m = 0;
      for (double d : e.perSeed()) {
        m += d / seedsPerSet;
      }
      double ss = 0;
      for (double d : e.perSeed()) {
        ss += (d - m) * (d - m);
      }
      within += ss / (seedsPerSet - 1) / testSets;
      setMeans[i] = m;
      TestSet t = testSet(r);
      accuracy += count(outcomes(r, t, pairEffects(r, t), 0)) / (double) pairs() / testSets;
    }
    double m = 0;
    for (double v : setMeans) {
      m += v / testSets;
    }
    double between = 0;
    for (double v : setMeans) {
      between += (v - m) * (v - m) / (testSets - 1);
    }
    return new double[] {within, between - within / seedsPerSet, accuracy};
  }

  private static double[] normals(SplittableRandom r, int n, double sd) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = sd * r.nextGaussian();
    }
    return out;
  }

  private static int count(boolean[] b) {
    int n = 0;
    for (boolean v : b) {
      n += v ? 1 : 0;
    }
    return n;
  }
}
