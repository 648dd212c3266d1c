package io.lfsbeam.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * The variance of a mean over verification pairs that share identities: the dyadic cluster-robust
 * estimator.
 *
 * <p>A verification pair is a dyad of two identities (one for a matched pair). Pairs that share an
 * identity are not independent — a model that embeds one person badly gets every pair of theirs
 * wrong — so treating the test pairs as independent (as a plain bootstrap over pairs does)
 * understates the noise. Grouping pairs into disjoint clusters does not work either: a mismatched
 * pair belongs to two people, and the components of the "shares a person" graph of an LFW-style set
 * are the whole set. The dyadic estimator (Fafchamps &amp; Gubert 2007, J. Dev. Econ. 83; Cameron
 * &amp; Miller 2014, "Robust inference for dyadic data"; Aronow, Samii &amp; Assenova 2015,
 * Political Analysis 23) keeps the cross-products of every two pairs that share at least one
 * identity:
 *
 * <pre>
 *   V̂(ȳ) = G/(G−1) · (1/P²) · Σ_{j,k: I_j ∩ I_k ≠ ∅} e_j e_k,   e_j = y_j − ȳ,
 * </pre>
 *
 * with I_j the identities of pair j, P pairs and G identities (G/(G−1) is the usual small-sample
 * factor of cluster-robust variances). The double sum is computed in O(P) by inclusion–exclusion:
 * Σ_c S_c² − Σ_d T_d², S_c the sum of e over the pairs that involve identity c, T_d the sum over
 * the mismatched pairs of the same two identities d (counted once in each identity's S).
 *
 * <p>The estimate is not guaranteed positive (cross-products can be negative); it is floored at the
 * independent-pairs variance Σ e_j² / (P(P−1)), so clustering can only widen an interval. Its
 * degrees of freedom are G − 1 (Cameron &amp; Miller 2015, J. Human Resources 50, §VI: t with
 * clusters − 1).
 *
 * <p>An instance holds one set of pairs (built once, used for every seed's values).
 */
public final class PairClusterVariance {
  private final int pairs;
  private final int[] first;
  private final int[] second; // −1 for a matched pair
  private final int[] dyad; // −1 for a matched pair
  private final int identities;
  private final int dyads;

  /**
   * @param left identity (cluster) of each pair's first face, any int labels
   * @param right identity of the second face; equal to {@code left} for a matched pair
   */
  public PairClusterVariance(int[] left, int[] right) {
    if (left.length == 0 || right.length != left.length) {
      throw new IllegalArgumentException(
          "need two identities per pair: " + left.length + " vs " + right.length);
    }
    pairs = left.length;
    first = new int[pairs];
    second = new int[pairs];
    dyad = new int[pairs];
    Map<Integer, Integer> ids = new HashMap<>();
    Map<Long, Integer> dyadIds = new HashMap<>();
    for (int j = 0; j < pairs; j++) {
      first[j] = ids.computeIfAbsent(left[j], k -> ids.size());
      if (right[j] == left[j]) {
        second[j] = -1;
        dyad[j] = -1;
      } else {
        second[j] = ids.computeIfAbsent(right[j], k -> ids.size());
        int lo = Math.min(left[j], right[j]);
        int hi = Math.max(left[j], right[j]);
        dyad[j] =
            dyadIds.computeIfAbsent(((long) lo << 32) | (hi & 0xffffffffL), k -> dyadIds.size());
      }
    }
    identities = ids.size();
    dyads = dyadIds.size();
  }

  /** Identities the pairs involve: G, whose G − 1 are the estimator's degrees of freedom. */
  public int clusters() {
    return identities;
  }

  public int pairs() {
    return pairs;
  }

  /** The variance of the mean of {@code y} (one value per pair). */
  public double ofMean(double[] y) {
    check(y);
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= pairs;
    double[] e = new double[pairs];
    for (int j = 0; j < pairs; j++) {
      e[j] = y[j] - mean;
    }
    return ofCentered(e);
  }

  /** As {@link #ofMean} for values already centred (residuals that sum to 0). */
  public double ofCentered(double[] e) {
    check(e);
    if (pairs < 2) {
      return 0;
    }
    double[] byIdentity = new double[identities];
    double[] byDyad = new double[dyads];
    double squares = 0;
    for (int j = 0; j < pairs; j++) {
      squares += e[j] * e[j];
      byIdentity[first[j]] += e[j];
      if (second[j] >= 0) {
        byIdentity[second[j]] += e[j];
        byDyad[dyad[j]] += e[j];
      }
    }
    double shared = 0;
    for (double s : byIdentity) {
      shared += s * s;
    }
    for (double t : byDyad) {
      shared -= t * t;
    }
    double independent = squares / ((double) pairs * (pairs - 1));
    if (identities < 2) {
      return independent;
    }
    double clustered = identities / (identities - 1.0) * shared / ((double) pairs * pairs);
    return Math.max(clustered, independent);
  }

  private void check(double[] y) {
    if (y.length != pairs) {
      throw new IllegalArgumentException(
          "one value per pair: " + pairs + " pairs, " + y.length + " values");
    }
  }
}
