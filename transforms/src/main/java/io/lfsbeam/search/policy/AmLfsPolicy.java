package io.lfsbeam.search.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The AM-LFS baseline search (Li et al., ICCV 2019, arXiv 1905.07375; METHOD §3): the 2·M_b line
 * parameters of τ(p) are drawn from a Gaussian around the identity, projected to a valid τ (see
 * {@link TauFunction#project}), and the mean moves by the same REINFORCE + Adam step as
 * Search-Softmax. Immutable: {@link #update} returns the policy for the next round.
 *
 * <p><b>Slopes and intercepts have their own spreads.</b> What the paper states: the loss's
 * parameters are sampled from a distribution whose parameters are optimised with REINFORCE during
 * training, with the best model broadcast after each epoch (abstract and Fig. 2 of arXiv
 * 1905.07375); the copies of the paper reachable here give no per-parameter spread, and there is no
 * public AM-LFS code (the ICML 2020 paper calls AM-LFS's search space "complex and unstable").
 * [choice] One σ for both hurts the baseline: a slope draw α = 1 ± σ rescales τ = α·p by ±20 % (the
 * loss moves by |log α| ≈ 0.2), but an intercept draw β = +σ = 0.2 floors τ at 0.2 on the lowest
 * bin, which caps −log τ at 1.6 for exactly the hard samples (p ≪ 0.2) that carry the signal, so
 * half of all candidates barely learn from them. Here the intercepts are drawn {@link
 * #INTERCEPT_SCALE} = 10 times narrower: β ~ N(μ_β, (kσ)²), k = 0.1, so a +1σ intercept of 0.02
 * caps −log τ at 3.9 (above ln 20 = 3.0, an untrained ORL model's loss); the clip of {@link
 * TauFunction#project} keeps τ in (0, 1] whatever the draw.
 *
 * <p>To keep Adam's step (about the learning rate per round, whatever the gradient's scale)
 * proportionate to each spread, the policy works in standardised coordinates: μ and every draw x
 * are laid out as (α_1, …, α_Mb, β_1/k, …, β_Mb/k), drawn from N(μ, σ²I); {@link #fromDraw} maps x
 * to the {@code alpha} and {@code beta} arrays of {@code LossParams}. Default M_b = 6: the value
 * the reference test vectors use for AM-LFS; METHOD leaves it open.
 */
public final class AmLfsPolicy {
  public static final int DEFAULT_BINS = 6;
  public static final double DEFAULT_SIGMA = 0.2;

  /**
   * Spread of the intercepts β relative to the slopes' σ (see the class comment): β = k·x_β with
   * x_β ~ N(μ_β, σ²).
   */
  public static final double INTERCEPT_SCALE = 0.1;

  /** Floor of τ: excludes only τ ≤ 0; the identity's τ(0) = 0 becomes 1e-6, otherwise unchanged. */
  public static final double DEFAULT_MIN_TAU = 1e-6;

  private final int bins;
  private final double sigma;
  private final double minTau;
  private final AdamOptimizer adam;
  private final long seed;
  private final double[] mu;
  private final AdamState adamState;
  private final int round;

  private AmLfsPolicy(
      int bins,
      double sigma,
      double minTau,
      AdamOptimizer adam,
      long seed,
      double[] mu,
      AdamState adamState,
      int round) {
    this.bins = bins;
    this.sigma = sigma;
    this.minTau = minTau;
    this.adam = adam;
    this.seed = seed;
    this.mu = mu;
    this.adamState = adamState;
    this.round = round;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** μ at the identity τ(p) = p: α = 1, β = 0 on every bin. */
  public static double[] identityMeans(int bins) {
    double[] mu = new double[2 * bins];
    Arrays.fill(mu, 0, bins, 1.0);
    return mu;
  }

  public int bins() {
    return bins;
  }

  public double sigma() {
    return sigma;
  }

  public double minTau() {
    return minTau;
  }

  public long seed() {
    return seed;
  }

  /** Means in policy coordinates (α_1..α_Mb, β_1/k..β_Mb/k), k = {@link #INTERCEPT_SCALE}. */
  public double[] mu() {
    return mu.clone();
  }

  public AdamState adamState() {
    return adamState;
  }

  /** Rounds completed; the next round to sample is {@code round() + 1}. */
  public int round() {
    return round;
  }

  /** τ of the means themselves (projected), i.e. the policy's current "typical" loss. */
  public TauFunction meanTau() {
    return toTau(mu);
  }

  /** x ~ N(μ, σ²I) and its projected τ. */
  public TauSample sample(RandomGenerator rng) {
    double[] x = new double[mu.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = mu[j] + sigma * rng.nextGaussian();
    }
    return fromDraw(x);
  }

  /**
   * The draw of candidate {@code index} in {@code round}: a function of (seed, round, index) and μ.
   */
  public TauSample sampleCandidate(int round, int index) {
    return sample(CandidateSeeds.policyRandom(seed, round, index));
  }

  /**
   * Wraps a given draw x (policy coordinates) with its projected τ (e.g. to rebuild a recorded
   * candidate).
   */
  public TauSample fromDraw(double[] x) {
    return new TauSample(x, toTau(x));
  }

  private TauFunction toTau(double[] x) {
    if (x.length != 2 * bins) {
      throw new IllegalArgumentException("draw has length " + x.length + ", expected " + 2 * bins);
    }
    double[] beta = Arrays.copyOfRange(x, bins, 2 * bins);
    for (int i = 0; i < bins; i++) {
      beta[i] *= INTERCEPT_SCALE;
    }
    return TauFunction.project(Arrays.copyOfRange(x, 0, bins), beta, minTau);
  }

  /**
   * One REINFORCE + Adam step on μ from the candidates that have a reward, evaluated on the raw
   * draws x (not the projected τ, see {@link TauFunction#project}). If every candidate failed, μ
   * and Adam are left as they are. The round counter always advances.
   */
  public AmLfsPolicy update(List<CandidateOutcome> outcomes) {
    Optional<double[]> grad = ReinforceGradient.ofOutcomes(outcomes, mu, sigma);
    if (grad.isEmpty()) {
      return new AmLfsPolicy(bins, sigma, minTau, adam, seed, mu, adamState, round + 1);
    }
    AdamOptimizer.Result step = adam.step(mu, grad.get(), adamState);
    return new AmLfsPolicy(bins, sigma, minTau, adam, seed, step.params(), step.state(), round + 1);
  }

  public PolicySnapshot snapshot() {
    return new PolicySnapshot(
        PolicyMode.AMLFS, mu, sigma, adamState.m(), adamState.v(), adamState.step(), round, seed);
  }

  /** Configuration and (optionally) restored state of an AM-LFS policy. */
  public static final class Builder {
    private int bins = DEFAULT_BINS;
    private double sigma = DEFAULT_SIGMA;
    private double minTau = DEFAULT_MIN_TAU;
    private AdamOptimizer adam = AdamOptimizer.defaults();
    private long seed = 0L;
    private PolicySnapshot snapshot;

    private Builder() {}

    public Builder bins(int bins) {
      if (bins < 1) {
        throw new IllegalArgumentException("bins must be >= 1, was " + bins);
      }
      this.bins = bins;
      return this;
    }

    public Builder sigma(double sigma) {
      this.sigma = sigma;
      return this;
    }

    public Builder minTau(double minTau) {
      this.minTau = minTau;
      return this;
    }

    public Builder adam(AdamOptimizer adam) {
      this.adam = Objects.requireNonNull(adam);
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Resume: μ, σ, Adam state, round and seed from the snapshot, bins = μ length / 2. */
    public Builder fromSnapshot(PolicySnapshot snapshot) {
      if (snapshot.mode() != PolicyMode.AMLFS) {
        throw new IllegalArgumentException("not an AM-LFS snapshot: " + snapshot.mode());
      }
      int length = snapshot.mu().length;
      if (length % 2 != 0) {
        throw new IllegalArgumentException(
            "AM-LFS means come in (alpha, beta) pairs, got " + length);
      }
      this.snapshot = snapshot;
      this.bins = length / 2;
      this.sigma = snapshot.sigma();
      this.seed = snapshot.seed();
      return this;
    }

    public AmLfsPolicy build() {
      if (!(sigma > 0) || !(minTau > 0 && minTau < 1)) {
        throw new IllegalArgumentException(
            "need sigma > 0 and 0 < minTau < 1: " + sigma + ", " + minTau);
      }
      if (snapshot != null) {
        return new AmLfsPolicy(
            bins, sigma, minTau, adam, seed, snapshot.mu(), snapshot.adamState(), snapshot.round());
      }
      return new AmLfsPolicy(
          bins, sigma, minTau, adam, seed, identityMeans(bins), AdamState.zeros(2 * bins), 0);
    }
  }
}
