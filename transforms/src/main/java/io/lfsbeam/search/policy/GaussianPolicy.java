package io.lfsbeam.search.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The sampler of Search-Softmax and Random-Softmax (METHOD §2–3): x ~ N(μ, σ²I), a = −|x|·e^{s/3}
 * (global) or a_j = −|x_j|·e^{s/2} (local bins), and, in SEARCH mode, a REINFORCE + Adam step on μ
 * after each round. Immutable: {@link #update} returns the policy for the next round.
 *
 * <p><b>The ReLU switch.</b> The released code samples around ReLU(μ). With μ initialised to 0 the
 * ReLU's gradient is 0, Adam sees a zero gradient forever and μ never moves (upstream issue #6), so
 * the released "search" behaves as Random-Softmax. By default μ is used directly (METHOD §2
 * [choice]); {@code reluOnMu(true)} reproduces the released behaviour, so that one can show what
 * the published numbers were actually obtained with.
 */
public final class GaussianPolicy {
  /** σ of the paper and the official code. */
  public static final double DEFAULT_SIGMA = 0.2;

  /**
   * μ₀ of the paper and the official code (0; see {@code SearchConfig#initialMu} for what it means
   * for the first gradient).
   */
  public static final double DEFAULT_INITIAL_MU = 0.0;

  /** s of the paper. */
  public static final double DEFAULT_SCALE = 32.0;

  private final PolicyMode mode;
  private final SearchSpace space;
  private final double sigma;
  private final double scale;
  private final boolean reluOnMu;
  private final AdamOptimizer adam;
  private final double[] mu;
  private final AdamState adamState;
  private final int round;
  private final long seed;

  private GaussianPolicy(Builder b, double[] mu, AdamState adamState, int round) {
    this.mode = b.mode;
    this.space = b.space;
    this.sigma = b.sigma;
    this.scale = b.scale;
    this.reluOnMu = b.reluOnMu;
    this.adam = b.adam;
    this.seed = b.seed;
    this.mu = mu;
    this.adamState = adamState;
    this.round = round;
  }

  private GaussianPolicy(GaussianPolicy prev, double[] mu, AdamState adamState, int round) {
    this.mode = prev.mode;
    this.space = prev.space;
    this.sigma = prev.sigma;
    this.scale = prev.scale;
    this.reluOnMu = prev.reluOnMu;
    this.adam = prev.adam;
    this.seed = prev.seed;
    this.mu = mu;
    this.adamState = adamState;
    this.round = round;
  }

  public static Builder builder() {
    return new Builder();
  }

  public PolicyMode mode() {
    return mode;
  }

  public SearchSpace space() {
    return space;
  }

  public double sigma() {
    return sigma;
  }

  public double scale() {
    return scale;
  }

  public boolean reluOnMu() {
    return reluOnMu;
  }

  public AdamOptimizer adam() {
    return adam;
  }

  /** The learnable means (length 1 for the global space, one per bin for the local space). */
  public double[] mu() {
    return mu.clone();
  }

  /** The mean the draws are centred on: μ, or ReLU(μ) with the released code's switch. */
  public double[] samplingMean() {
    double[] mean = mu.clone();
    if (reluOnMu) {
      for (int j = 0; j < mean.length; j++) {
        mean[j] = Math.max(0.0, mean[j]);
      }
    }
    return mean;
  }

  public AdamState adamState() {
    return adamState;
  }

  /** Rounds completed; the next round to sample is {@code round() + 1}. */
  public int round() {
    return round;
  }

  public long seed() {
    return seed;
  }

  /** x ~ N(samplingMean, σ²I) from the given generator, and its a. */
  public ModulationSample sample(RandomGenerator rng) {
    double[] mean = samplingMean();
    double[] x = new double[mean.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = mean[j] + sigma * rng.nextGaussian();
    }
    return fromDraw(x);
  }

  /**
   * The draw of candidate {@code index} in {@code round}: a function of (seed, round, index) and
   * the current μ only, so parallel or retried candidates get the same loss.
   */
  public ModulationSample sampleCandidate(int round, int index) {
    return sample(CandidateSeeds.policyRandom(seed, round, index));
  }

  /** Wraps a given draw x with its modulating factors (e.g. to rebuild a recorded candidate). */
  public ModulationSample fromDraw(double[] x) {
    if (x.length != mu.length) {
      throw new IllegalArgumentException("draw has length " + x.length + ", policy " + mu.length);
    }
    return new ModulationSample(x, space.modulatingFactors(x, scale));
  }

  /**
   * ∂/∂μ of the policy loss −mean(R̂·log N(x; mean, σ²)) over the candidates that have a reward,
   * chained through the ReLU when the switch is on (zero where μ ≤ 0, as PyTorch's ReLU).
   *
   * @return empty when no candidate has a reward
   */
  public Optional<double[]> policyLossGradient(List<CandidateOutcome> outcomes) {
    Optional<double[]> wrtMean = ReinforceGradient.ofOutcomes(outcomes, samplingMean(), sigma);
    if (!reluOnMu) {
      return wrtMean;
    }
    return wrtMean.map(
        g -> {
          double[] chained = g.clone();
          for (int j = 0; j < chained.length; j++) {
            chained[j] = mu[j] > 0 ? chained[j] : 0.0;
          }
          return chained;
        });
  }

  /**
   * The policy after one round. SEARCH: one Adam step on μ along the REINFORCE gradient (skipped,
   * with μ and Adam untouched, if every candidate failed). RANDOM: μ and Adam never change. Either
   * way the round counter advances.
   */
  public GaussianPolicy update(List<CandidateOutcome> outcomes) {
    if (mode == PolicyMode.RANDOM) {
      return new GaussianPolicy(this, mu, adamState, round + 1);
    }
    Optional<double[]> grad = policyLossGradient(outcomes);
    if (grad.isEmpty()) {
      return new GaussianPolicy(this, mu, adamState, round + 1);
    }
    AdamOptimizer.Result step = adam.step(mu, grad.get(), adamState);
    return new GaussianPolicy(this, step.params(), step.state(), round + 1);
  }

  /** {@link #update(List)} for a round in which every candidate produced a reward. */
  public GaussianPolicy update(List<double[]> samples, double[] rewards) {
    if (samples.size() != rewards.length) {
      throw new IllegalArgumentException(
          samples.size() + " samples but " + rewards.length + " rewards");
    }
    List<CandidateOutcome> outcomes = new ArrayList<>();
    for (int m = 0; m < rewards.length; m++) {
      outcomes.add(CandidateOutcome.succeeded(samples.get(m), rewards[m]));
    }
    return update(outcomes);
  }

  public PolicySnapshot snapshot() {
    return new PolicySnapshot(
        mode, mu, sigma, adamState.m(), adamState.v(), adamState.step(), round, seed);
  }

  /** Configuration and (optionally) restored state of a policy. */
  public static final class Builder {
    private PolicyMode mode = PolicyMode.SEARCH;
    private SearchSpace space = SearchSpace.GLOBAL;
    private int bins = SearchSpace.DEFAULT_LOCAL_BINS;
    private double sigma = DEFAULT_SIGMA;
    private double scale = DEFAULT_SCALE;
    private boolean reluOnMu = false;
    private AdamOptimizer adam = AdamOptimizer.defaults();
    private long seed = 0L;
    private double[] initialMu;
    private PolicySnapshot snapshot;

    private Builder() {}

    /** SEARCH or RANDOM (AM-LFS has its own {@link AmLfsPolicy}). */
    public Builder mode(PolicyMode mode) {
      if (mode != PolicyMode.SEARCH && mode != PolicyMode.RANDOM) {
        throw new IllegalArgumentException("GaussianPolicy serves SEARCH or RANDOM, not " + mode);
      }
      this.mode = mode;
      return this;
    }

    public Builder space(SearchSpace space) {
      this.space = Objects.requireNonNull(space);
      return this;
    }

    /** Number of bins of the local space (default 10); ignored for the global space. */
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

    public Builder scale(double scale) {
      this.scale = scale;
      return this;
    }

    /** Reproduce the released code: sample around ReLU(μ), so μ = 0 never moves. */
    public Builder reluOnMu(boolean reluOnMu) {
      this.reluOnMu = reluOnMu;
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

    /** Starting μ (default all zeros, as the paper); its length fixes the number of bins. */
    public Builder initialMu(double... mu) {
      this.initialMu = mu.clone();
      return this;
    }

    /**
     * Resume from a snapshot: mode, μ, σ, Adam state, round and seed come from it; its μ length
     * selects the space (1 = global, more = local with that many bins). Scale, Adam
     * hyper-parameters and the ReLU switch still come from this builder.
     */
    public Builder fromSnapshot(PolicySnapshot snapshot) {
      mode(snapshot.mode());
      this.snapshot = snapshot;
      this.sigma = snapshot.sigma();
      this.seed = snapshot.seed();
      int length = snapshot.mu().length;
      this.space = length == 1 ? SearchSpace.GLOBAL : SearchSpace.LOCAL;
      this.bins = length;
      return this;
    }

    public GaussianPolicy build() {
      if (!(sigma > 0) || !(scale > 0)) {
        throw new IllegalArgumentException("sigma and scale must be > 0: " + sigma + ", " + scale);
      }
      int length = space == SearchSpace.GLOBAL ? 1 : bins;
      if (snapshot != null) {
        if (snapshot.mu().length != length) {
          throw new IllegalArgumentException(
              "snapshot has " + snapshot.mu().length + " means, space needs " + length);
        }
        return new GaussianPolicy(this, snapshot.mu(), snapshot.adamState(), snapshot.round());
      }
      double[] mu = initialMu != null ? initialMu.clone() : new double[length];
      if (initialMu == null) {
        Arrays.fill(mu, DEFAULT_INITIAL_MU);
      }
      if (mu.length != length) {
        throw new IllegalArgumentException(
            "initial mu has length " + mu.length + ", " + space + " needs " + length);
      }
      return new GaussianPolicy(this, mu, AdamState.zeros(length), 0);
    }
  }
}
