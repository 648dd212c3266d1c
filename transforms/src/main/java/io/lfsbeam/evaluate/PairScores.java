package io.lfsbeam.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scored pairs as the parallel arrays the protocol code takes, in a canonical order (fold, then
 * left id, then right id) so the result never depends on the order a runner delivered them in.
 */
public final class PairScores {
  private static final Comparator<ScoredPair> ORDER =
      Comparator.comparingInt(ScoredPair::fold)
          .thenComparing(ScoredPair::leftId)
          .thenComparing(ScoredPair::rightId);

  private final List<ScoredPair> pairs;
  final double[] scores;
  final boolean[] same;
  final int[] folds;
  final String[] groups;

  private PairScores(List<ScoredPair> pairs) {
    this.pairs = pairs;
    int n = pairs.size();
    scores = new double[n];
    same = new boolean[n];
    folds = new int[n];
    groups = new String[n];
    for (int i = 0; i < n; i++) {
      ScoredPair p = pairs.get(i);
      scores[i] = p.score();
      same[i] = p.same();
      folds[i] = p.fold();
      groups[i] = p.group();
    }
  }

  public static PairScores of(Iterable<ScoredPair> pairs) {
    List<ScoredPair> sorted = new ArrayList<>();
    pairs.forEach(sorted::add);
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("no verification pairs to evaluate");
    }
    sorted.sort(ORDER);
    return new PairScores(List.copyOf(sorted));
  }

  public int size() {
    return pairs.size();
  }

  /** The pairs in canonical order. */
  public List<ScoredPair> pairs() {
    return pairs;
  }

  public double[] scores() {
    return scores.clone();
  }

  public boolean[] same() {
    return same.clone();
  }

  /** True when at least one pair carries a group tag. */
  boolean hasGroups() {
    for (String g : groups) {
      if (g != null) {
        return true;
      }
    }
    return false;
  }
}
