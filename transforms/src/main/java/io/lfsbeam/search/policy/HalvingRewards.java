package io.lfsbeam.search.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The reward of every candidate of a round trained with successive halving, stopped ones included,
 * for the REINFORCE update.
 *
 * <p><b>The order.</b> Candidates are ranked by the rung they reached (higher first), then by their
 * validation score at that rung (higher first). Every comparison this order makes is one taken at
 * an equal training budget, and it agrees with every comparison the halving itself made:
 *
 * <ul>
 *   <li>two candidates stopped at the same rung k both trained b_k steps and are ordered by their
 *       rung-k scores;
 *   <li>a candidate that went past rung k was kept at rung k over every candidate stopped there,
 *       i.e. it scored at least as well at the same b_k steps, so it ranks above them whatever its
 *       later scores are.
 * </ul>
 *
 * Raw scores across rungs would not do: a stopped candidate's early score is lower because it
 * trained less, not because its loss is worse, and a survivor that overfits later can end below an
 * early score of a candidate it beat at equal steps, which would reward the loss the halving has
 * just judged worse.
 *
 * <p><b>The reward.</b> The candidate's mid-rank in that order scaled to [0, 1]: R = (number of
 * rewarded candidates below it + ½·number tied with it) / (n − 1), so the best gets 1, the worst 0,
 * and candidates equal in rung and score share a reward. This is the rank-based fitness shaping of
 * natural evolution strategies: a monotone transform of the round's judgement that keeps
 * REINFORCE's gradient an estimate of the direction towards higher-ranked draws, is invariant to
 * how far apart the rungs' accuracies happen to be, and with the round's baseline and range scaling
 * ({@link RewardNormalizer}: R̂ = 2(R − mean)/(max − min + 1e-6), here evenly spaced in [−1, 1])
 * has the same size as a round without halving. A candidate that failed in any rung (exception, NaN
 * loss, diverged embeddings) gets no reward, as without halving.
 *
 * <p>Pure: no Beam, no records.
 */
public final class HalvingRewards {
  private HalvingRewards() {}

  /**
   * Where a candidate's training ended: the last rung it was scored at and that score, or {@link
   * #failed()}.
   */
  public record Standing(int rung, double score) {
    public static Standing failed() {
      return new Standing(-1, Double.NaN);
    }

    public boolean hasScore() {
      return rung >= 0 && Double.isFinite(score);
    }
  }

  /** Orders standings best first: higher rung, then higher score. */
  public static final Comparator<Standing> BEST_FIRST =
      Comparator.comparingInt(Standing::rung).thenComparingDouble(Standing::score).reversed();

  /**
   * The reward of each standing, in input order, NaN for one without a score. One candidate alone
   * gets ½ (the normaliser turns a single reward into 0 anyway).
   */
  public static double[] rewards(List<Standing> standings) {
    List<Integer> scored = new ArrayList<>();
    for (int i = 0; i < standings.size(); i++) {
      if (standings.get(i).hasScore()) {
        scored.add(i);
      }
    }
    double[] out = new double[standings.size()];
    Arrays.fill(out, Double.NaN);
    int n = scored.size();
    for (int i : scored) {
      Standing s = standings.get(i);
      int below = 0;
      int tied = 0;
      for (int j : scored) {
        if (j == i) {
          continue;
        }
        int c = BEST_FIRST.compare(s, standings.get(j));
        if (c > 0) {
          continue; // j ranks above i
        }
        if (c < 0) {
          below++;
        } else {
          tied++;
        }
      }
      out[i] = n == 1 ? 0.5 : (below + 0.5 * tied) / (n - 1);
    }
    return out;
  }

  /**
   * The index of the best standing (highest rung, then highest score, then the lowest index), -1
   * when none has a score.
   */
  public static int best(List<Standing> standings) {
    int best = -1;
    for (int i = 0; i < standings.size(); i++) {
      Standing s = standings.get(i);
      if (s.hasScore() && (best < 0 || BEST_FIRST.compare(s, standings.get(best)) < 0)) {
        best = i;
      }
    }
    return best;
  }
}
