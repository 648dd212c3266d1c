package io.lfsbeam.search.policy;

import java.util.OptionalDouble;

/**
 * What a policy update needs from one candidate of a round: the raw draw x it was made from and its
 * reward, or no reward when it failed (exception, NaN loss). Failed candidates are kept so the
 * round's record is complete, but they do not enter the update.
 */
public final class CandidateOutcome {
  private final double[] x;
  private final OptionalDouble reward;

  private CandidateOutcome(double[] x, OptionalDouble reward) {
    this.x = x.clone();
    this.reward = reward;
  }

  /** A candidate that trained and was evaluated; the reward must be finite. */
  public static CandidateOutcome succeeded(double[] x, double reward) {
    if (!Double.isFinite(reward)) {
      throw new IllegalArgumentException(
          "reward must be finite, was " + reward + "; use failed() instead");
    }
    return new CandidateOutcome(x, OptionalDouble.of(reward));
  }

  /** A candidate that produced no reward. */
  public static CandidateOutcome failed(double[] x) {
    return new CandidateOutcome(x, OptionalDouble.empty());
  }

  public double[] x() {
    return x.clone();
  }

  public OptionalDouble reward() {
    return reward;
  }

  public boolean hasReward() {
    return reward.isPresent();
  }
}
