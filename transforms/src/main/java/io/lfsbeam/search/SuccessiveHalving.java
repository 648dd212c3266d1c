package io.lfsbeam.search;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Successive halving inside a round (the synchronous bracket of Hyperband, the rungs of ASHA): the
 * M candidates train the first rung's share of the round's steps, are scored on validation, and the
 * best ⌊n/η⌋ continue from their own checkpoints to the next rung, up to the whole round. Pure
 * arithmetic; {@link SearchRounds} lays the rungs out as Beam stages.
 *
 * <ul>
 *   <li><b>Rate η</b> ({@code --halvingRate}): {@value #OFF} (the default) is off, every candidate
 *       trains the whole round as without this class; any real η &gt; 1 keeps ⌊n/η⌋ of the n
 *       candidates of a rung (Hyperband's rounding), e.g. η = 2 halves, η = 3 keeps a third.
 *   <li><b>Rungs K</b> ({@code --rungs}, default {@value #DEFAULT_RUNGS}): rung k ends at
 *       round(S·η^−(K−1−k)) of the round's S steps, geometric like Hyperband's budgets, so the last
 *       rung ends at S and each rung trains η times the steps of the one before (counted from the
 *       round's start). With η = 2, K = 2 and S = 30: 15, then 30. Steps are counted cumulatively:
 *       a candidate that reaches rung k has trained exactly the budget of rung k.
 *   <li><b>Survivors</b>: n₀ = M, n_{k+1} = ⌊n_k/η⌋; every rung must keep at least one, so M ≥ the
 *       least M for which ⌊⌊M/η⌋/η⌋… ≥ 1 over K − 1 cuts (η^{K−1} for whole η).
 * </ul>
 *
 * <p>Compute: a round costs Σ_k n_k·(b_k − b_{k−1}) steps instead of M·S; {@link #roundSteps} says
 * how many.
 */
public final class SuccessiveHalving implements Serializable {
  /** The rate that switches halving off: every candidate trains the whole round. */
  public static final double OFF = 1;

  public static final double DEFAULT_RATE = OFF;
  public static final int DEFAULT_RUNGS = 2;

  private final double rate;
  private final int rungs;

  private SuccessiveHalving(double rate, int rungs) {
    this.rate = rate;
    this.rungs = rungs;
  }

  /**
   * @throws IllegalArgumentException for a rate below 1 or not finite, fewer than one rung, or
   *     halving on with one rung (nothing to prune)
   */
  public static SuccessiveHalving of(double rate, int rungs) {
    if (!(rate >= OFF) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(
          "--halvingRate must be 1 (off) or a number above 1, not " + fmt(rate));
    }
    if (rungs < 1) {
      throw new IllegalArgumentException("--rungs must be at least 1, not " + rungs);
    }
    if (rate > OFF && rungs < 2) {
      throw new IllegalArgumentException(
          "--halvingRate="
              + fmt(rate)
              + " needs --rungs of 2 or more: a single rung leaves nothing to prune");
    }
    return new SuccessiveHalving(rate, rungs);
  }

  /** Halving off: one rung, the whole round. */
  public static SuccessiveHalving off() {
    return new SuccessiveHalving(OFF, DEFAULT_RUNGS);
  }

  public double rate() {
    return rate;
  }

  public int rungs() {
    return rungs;
  }

  public boolean isOn() {
    return rate > OFF;
  }

  /** ⌊n/η⌋: how many of the n candidates of a rung continue. */
  public int keep(int n) {
    // the epsilon keeps ⌊9/3⌋ = 3 when 9/3 lands a hair below 3 in floating point
    return (int) Math.floor(n / rate + 1e-9);
  }

  /** Candidates entering each rung: n₀ = M, n_{k+1} = ⌊n_k/η⌋. */
  public int[] entering(int candidates) {
    int[] n = new int[isOn() ? rungs : 1];
    n[0] = candidates;
    for (int k = 1; k < n.length; k++) {
      n[k] = keep(n[k - 1]);
    }
    return n;
  }

  /**
   * The round's steps trained at the end of each rung, b_k = round(S·η^−(K−1−k)), b_{K−1} = S; not
   * checked (see {@link #plan}).
   */
  public long[] budgets(long roundSteps) {
    long[] b = new long[isOn() ? rungs : 1];
    for (int k = 0; k < b.length; k++) {
      b[k] = Math.round(roundSteps * Math.pow(rate, -(b.length - 1 - k)));
    }
    b[b.length - 1] = roundSteps;
    return b;
  }

  /**
   * The rungs of a round of {@code candidates} candidates and {@code roundSteps} steps each; one
   * {@link Rung#whole()} when halving is off or the round has a single candidate (fixed mode: there
   * is nothing to choose between).
   *
   * @throws IllegalArgumentException when a rung would keep no candidate or train no step
   */
  public List<Rung> plan(int candidates, long roundSteps) {
    if (!isOn() || candidates == 1) {
      return List.of(Rung.whole());
    }
    checkCandidates(candidates);
    if (roundSteps <= 0) {
      throw new IllegalArgumentException(
          "successive halving needs the round's step count, which is not known");
    }
    int[] n = entering(candidates);
    long[] b = budgets(roundSteps);
    for (int k = 0; k < b.length; k++) {
      long from = k == 0 ? 0 : b[k - 1];
      if (b[k] <= from) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "--halvingRate=%s with --rungs=%d cannot split a round of %d steps: the rungs would end at %s steps and"
                    + " each must train at least one; use fewer rungs, a smaller rate or longer rounds",
                fmt(rate),
                rungs,
                roundSteps,
                Arrays.toString(b)));
      }
    }
    List<Rung> out = new ArrayList<>();
    for (int k = 0; k < rungs; k++) {
      out.add(new Rung(k, rungs, k == 0 ? 0 : b[k - 1], b[k], n[k], k + 1 < rungs ? n[k + 1] : 0));
    }
    return out;
  }

  /**
   * Checks that {@code candidates} per round keep at least one candidate in every rung.
   *
   * @throws IllegalArgumentException naming the least number of candidates that does
   */
  public void checkCandidates(int candidates) {
    if (!isOn() || candidates == 1) {
      return;
    }
    int[] n = entering(candidates);
    if (n[n.length - 1] >= 1) {
      return;
    }
    int least = candidates;
    while (entering(least)[n.length - 1] < 1) {
      least++;
    }
    throw new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "--halvingRate=%s with --rungs=%d needs at least %d candidates per round so that every rung keeps one"
                + " (--candidates=%d keeps %s)",
            fmt(rate),
            rungs,
            least,
            candidates,
            Arrays.toString(n)));
  }

  /**
   * The candidates that continue after a rung: the {@code keep} best scores, ties to the lower
   * index (so a rerun keeps the same ones); fewer when fewer have a score.
   *
   * @param scores validation score of every candidate that trained the rung without failing, by
   *     index
   * @return their indices, best first
   */
  public static List<Integer> survivors(Map<Integer, Double> scores, int keep) {
    List<Map.Entry<Integer, Double>> ranked = new ArrayList<>(scores.entrySet());
    ranked.sort(
        Map.Entry.<Integer, Double>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < Math.min(keep, ranked.size()); i++) {
      out.add(ranked.get(i).getKey());
    }
    return out;
  }

  /** Steps one round trains over all its candidates: Σ_k n_k·(b_k − b_{k−1}). */
  public static long roundSteps(List<Rung> plan) {
    long total = 0;
    for (Rung r : plan) {
      total += r.entering() * r.steps();
    }
    return total;
  }

  static String fmt(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v)
        ? Long.toString((long) v)
        : Double.toString(v);
  }

  @Override
  public String toString() {
    return isOn() ? "halving η=" + fmt(rate) + ", " + rungs + " rungs" : "no halving";
  }
}
