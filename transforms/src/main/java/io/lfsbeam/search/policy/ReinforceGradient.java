package io.lfsbeam.search.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Score-function (REINFORCE) gradient of the policy loss −mean_m(R̂_m · log N(x_m; mean, σ²I)) with
 * respect to the Gaussian's mean: −(1/M) Σ_m R̂_m (x_m − mean)/σ².
 *
 * <p>It is the gradient of a loss, to be <em>descended</em>: a step against it raises the
 * log-likelihood of candidates with above-average reward. The components of x are independent, so
 * the vector case is the scalar formula per component.
 */
public final class ReinforceGradient {
  private ReinforceGradient() {}

  /**
   * @param samples the raw draws x_m (each of the mean's length)
   * @param normalisedRewards R̂_m, one per sample (see {@link RewardNormalizer})
   * @param mean the mean the samples were drawn around
   * @param sigma the standard deviation they were drawn with
   */
  public static double[] ofPolicyLoss(
      List<double[]> samples, double[] normalisedRewards, double[] mean, double sigma) {
    int count = samples.size();
    if (normalisedRewards.length != count) {
      throw new IllegalArgumentException(
          count + " samples but " + normalisedRewards.length + " rewards");
    }
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("sigma must be > 0, was " + sigma);
    }
    double[] grad = new double[mean.length];
    if (count == 0) {
      return grad;
    }
    double variance = sigma * sigma;
    for (int m = 0; m < count; m++) {
      double[] x = samples.get(m);
      if (x.length != mean.length) {
        throw new IllegalArgumentException(
            "sample " + m + " has length " + x.length + ", mean " + mean.length);
      }
      for (int j = 0; j < mean.length; j++) {
        grad[j] += normalisedRewards[m] * (x[j] - mean[j]) / variance;
      }
    }
    for (int j = 0; j < mean.length; j++) {
      grad[j] = -grad[j] / count;
    }
    return grad;
  }

  /**
   * The gradient for one round's outcomes: failed candidates are dropped, the rewards of the rest
   * are normalised over those alone, then {@link #ofPolicyLoss} is applied.
   *
   * @return empty when no candidate produced a reward (there is nothing to learn from; the caller
   *     skips the optimizer step rather than stepping on a zero gradient)
   */
  public static Optional<double[]> ofOutcomes(
      List<CandidateOutcome> outcomes, double[] mean, double sigma) {
    List<double[]> samples = new ArrayList<>();
    List<Double> rewards = new ArrayList<>();
    for (CandidateOutcome outcome : outcomes) {
      if (outcome.hasReward()) {
        samples.add(outcome.x());
        rewards.add(outcome.reward().getAsDouble());
      }
    }
    if (samples.isEmpty()) {
      return Optional.empty();
    }
    double[] normalised =
        RewardNormalizer.normalise(rewards.stream().mapToDouble(Double::doubleValue).toArray());
    return Optional.of(ofPolicyLoss(samples, normalised, mean, sigma));
  }
}
