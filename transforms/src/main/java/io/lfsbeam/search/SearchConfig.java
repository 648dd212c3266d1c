package io.lfsbeam.search;

import io.lfsbeam.options.Choice;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.search.policy.AdamOptimizer;
import io.lfsbeam.search.policy.AmLfsPolicy;
import io.lfsbeam.search.policy.GaussianPolicy;
import io.lfsbeam.search.policy.SearchSpace;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.display.HasDisplayData;

/**
 * Everything that decides what a search samples and how its policy moves (METHOD.md §2–3, with its
 * defaults). Immutable; {@code withX} returns a copy. Training settings live in {@code
 * TrainSettings}.
 */
public final class SearchConfig implements Serializable, HasDisplayData {
  public static final int DEFAULT_ROUNDS = 4;
  public static final int DEFAULT_CANDIDATES = 8;
  public static final long DEFAULT_SEED = 1;

  private final String searchId;
  private final SearchMode mode;
  private final int rounds;
  private final int candidates;
  private final double sigma;
  private final double scale;
  private final double policyLr;
  private final double beta1;
  private final double beta2;
  private final boolean reluOnMu;
  private final SearchSpace space;
  private final int warmupRounds;
  private final long seed;
  private final LossFamily fixedFamily;
  private final double m1;
  private final double m2;
  private final double m3;
  private final double modulation;
  private final double initialMu;
  private final long trainingSteps;
  private final double sphereAnnealFraction;
  private final ModernLosses modern;
  private final double halvingRate;
  private final int rungs;
  private final long roundSteps;

  private SearchConfig(Builder b) {
    this.searchId = b.searchId;
    this.mode = b.mode;
    this.rounds = b.rounds;
    this.candidates = b.candidates;
    this.sigma = b.sigma;
    this.scale = b.scale;
    this.policyLr = b.policyLr;
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.reluOnMu = b.reluOnMu;
    this.space = b.space;
    this.warmupRounds = b.warmupRounds;
    this.seed = b.seed;
    this.fixedFamily = b.fixedFamily;
    this.m1 = b.m1;
    this.m2 = b.m2;
    this.m3 = b.m3;
    this.modulation = b.modulation;
    this.initialMu = b.initialMu;
    this.trainingSteps = b.trainingSteps;
    this.sphereAnnealFraction = b.sphereAnnealFraction;
    this.modern = b.modern;
    this.halvingRate = b.halvingRate;
    this.rungs = b.rungs;
    this.roundSteps = b.roundSteps;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.searchId = searchId;
    b.mode = mode;
    b.rounds = rounds;
    b.candidates = candidates;
    b.sigma = sigma;
    b.scale = scale;
    b.policyLr = policyLr;
    b.beta1 = beta1;
    b.beta2 = beta2;
    b.reluOnMu = reluOnMu;
    b.space = space;
    b.warmupRounds = warmupRounds;
    b.seed = seed;
    b.fixedFamily = fixedFamily;
    b.m1 = m1;
    b.m2 = m2;
    b.m3 = m3;
    b.modulation = modulation;
    b.initialMu = initialMu;
    b.trainingSteps = trainingSteps;
    b.sphereAnnealFraction = sphereAnnealFraction;
    b.modern = modern;
    b.halvingRate = halvingRate;
    b.rungs = rungs;
    b.roundSteps = roundSteps;
    return b;
  }

  public String searchId() {
    return searchId;
  }

  public SearchMode mode() {
    return mode;
  }

  public int rounds() {
    return rounds;
  }

  /** Candidates per round; FIXED trains one. */
  public int candidates() {
    return mode == SearchMode.FIXED ? 1 : candidates;
  }

  /**
   * Whether every candidate trains the one configured loss ({@link #fixedFamily}, {@link
   * #fixedParams}): FIXED, and POPULATION, whose M candidates differ only in their data-order seed.
   */
  public boolean hasFixedLoss() {
    return mode == SearchMode.FIXED || mode == SearchMode.POPULATION;
  }

  public double sigma() {
    return sigma;
  }

  public double scale() {
    return scale;
  }

  public double policyLr() {
    return policyLr;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public boolean reluOnMu() {
    return reluOnMu;
  }

  public SearchSpace space() {
    return space;
  }

  public int warmupRounds() {
    return warmupRounds;
  }

  public long seed() {
    return seed;
  }

  public LossFamily fixedFamily() {
    return fixedFamily;
  }

  /**
   * μ₀ of Search-/Random-Softmax, every component (default 0, the paper's). With a = −|x|·e^{s/3}
   * and μ₀ = 0 the distribution of a is the same for μ and −μ, so the expected reward is even in μ
   * and the expected policy gradient at the start is zero: μ leaves 0 only by sampling noise. μ₀ =
   * 1 centres the draws on a ≈ −e^{s/3} (CosFace-equivalent m ≈ 1/3), where the gradient is not
   * zero by symmetry.
   */
  public double initialMu() {
    return initialMu;
  }

  /**
   * Training steps of the whole run (rounds × steps per round), 0 when not known; SphereFace's λ
   * schedule is laid over it.
   */
  public long trainingSteps() {
    return trainingSteps;
  }

  /**
   * Optimiser steps of one candidate's whole round, 0 when not known; successive halving lays its
   * rungs over it.
   */
  public long roundSteps() {
    return roundSteps;
  }

  /** Successive halving inside each round ({@code --halvingRate}, {@code --rungs}). */
  public SuccessiveHalving halving() {
    return SuccessiveHalving.of(halvingRate, rungs);
  }

  /**
   * The rungs of every round: one {@link Rung#whole()} without halving or with one candidate per
   * round (FIXED), else {@link SuccessiveHalving#plan} over {@link #candidates()} and {@link
   * #roundSteps()}.
   *
   * @throws IllegalArgumentException when halving is on and the round's steps are not known
   */
  public List<Rung> rungPlan() {
    return halving().plan(candidates(), roundSteps);
  }

  /** Whether rounds prune candidates at rungs (halving on and more than one candidate). */
  public boolean halves() {
    return halving().isOn() && candidates() > 1;
  }

  /** Fraction of {@link #trainingSteps} at which SphereFace's λ reaches λ_min. */
  public double sphereAnnealFraction() {
    return sphereAnnealFraction;
  }

  /**
   * The step at which SphereFace's λ reaches λ_min in this run, 0 (the published γ) when the run's
   * length is not known.
   */
  public long sphereFloorStep() {
    return trainingSteps > 0 ? FixedLoss.sphereFloorStep(trainingSteps, sphereAnnealFraction) : 0;
  }

  /** The parameters of the modern margins (CurricularFace, AdaFace, MagFace, ElasticFace). */
  public ModernLosses modernLosses() {
    return modern;
  }

  /**
   * The loss parameters of FIXED mode; a is set only for the fixed MODULATED loss, the modern
   * margins take theirs (scale included) from {@link #modernLosses}.
   */
  public LossParams fixedParams() {
    return new FixedLoss(fixedFamily, m1, m2, m3, modulation, modern)
        .params(scale, sphereFloorStep());
  }

  /** The settings of {@link #describe} as a transform's display data (Flink UI, job graph). */
  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    describe().forEach((k, v) -> builder.add(DisplayData.item(k, v)));
  }

  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("searchId", searchId);
    m.put("mode", mode.name());
    m.put("rounds", Integer.toString(rounds));
    m.put("candidates", Integer.toString(candidates()));
    m.put("sigma", Double.toString(sigma));
    m.put("scale", Double.toString(scale));
    m.put("policyLr", Double.toString(policyLr));
    m.put("beta1", Double.toString(beta1));
    m.put("beta2", Double.toString(beta2));
    m.put("reluOnMu", Boolean.toString(reluOnMu));
    m.put("space", Choice.spelling(space));
    m.put("warmupRounds", Integer.toString(warmupRounds));
    m.put("seed", Long.toString(seed));
    if (mode == SearchMode.SEARCH || mode == SearchMode.RANDOM) {
      m.put("initialMu", Double.toString(initialMu));
    }
    if (mode == SearchMode.AMLFS) {
      m.put("interceptScale", Double.toString(AmLfsPolicy.INTERCEPT_SCALE));
    }
    m.put("trainingSteps", Long.toString(trainingSteps));
    if (halves()) { // recorded only when on, so the records of runs without halving keep their keys
      m.put("halvingRate", SuccessiveHalving.fmt(halvingRate));
      m.put("rungs", Integer.toString(rungs));
    }
    if (hasFixedLoss() && ModernLosses.isModern(fixedFamily)) {
      m.put("loss", fixedFamily.name());
      m.putAll(modern.describe(fixedFamily));
    } else if (hasFixedLoss()) {
      m.put("loss", fixedFamily.name());
      m.put("m1", Double.toString(m1));
      m.put("m2", Double.toString(m2));
      m.put("m3", Double.toString(m3));
      if (fixedFamily == LossFamily.MODULATED) {
        m.put("a", Double.toString(modulation));
      }
      if (fixedFamily == LossFamily.SPHEREFACE) {
        m.put("sphereAnnealFraction", Double.toString(sphereAnnealFraction));
      }
    }
    return m;
  }

  /**
   * Builder with METHOD.md's defaults: Search-Softmax, M = 8, σ = 0.2, s = 32, Adam(0.05, 0.5,
   * 0.999).
   */
  public static final class Builder {
    private String searchId = "search";
    private SearchMode mode = SearchMode.SEARCH;
    private int rounds = DEFAULT_ROUNDS;
    private int candidates = DEFAULT_CANDIDATES;
    private double sigma = GaussianPolicy.DEFAULT_SIGMA;
    private double scale = GaussianPolicy.DEFAULT_SCALE;
    private double policyLr = AdamOptimizer.DEFAULT_LR;
    private double beta1 = AdamOptimizer.DEFAULT_BETA1;
    private double beta2 = AdamOptimizer.DEFAULT_BETA2;
    private boolean reluOnMu;
    private SearchSpace space = SearchSpace.GLOBAL;
    private int warmupRounds;
    private long seed = DEFAULT_SEED;
    private LossFamily fixedFamily = LossFamily.COSFACE;
    private double m1 = 1.0;
    private double m2 = FixedLoss.DEFAULT_COSFACE_M;
    private double m3;
    private double modulation;
    private double initialMu = GaussianPolicy.DEFAULT_INITIAL_MU;
    private long trainingSteps;
    private double sphereAnnealFraction = FixedLoss.DEFAULT_SPHERE_ANNEAL_FRACTION;
    private ModernLosses modern = ModernLosses.defaults();
    private double halvingRate = SuccessiveHalving.DEFAULT_RATE;
    private int rungs = SuccessiveHalving.DEFAULT_RUNGS;
    private long roundSteps;

    public Builder searchId(String v) {
      searchId = v;
      return this;
    }

    public Builder mode(SearchMode v) {
      mode = v;
      return this;
    }

    public Builder rounds(int v) {
      rounds = v;
      return this;
    }

    public Builder candidates(int v) {
      candidates = v;
      return this;
    }

    public Builder sigma(double v) {
      sigma = v;
      return this;
    }

    public Builder scale(double v) {
      scale = v;
      return this;
    }

    public Builder policyLr(double v) {
      policyLr = v;
      return this;
    }

    public Builder beta1(double v) {
      beta1 = v;
      return this;
    }

    public Builder beta2(double v) {
      beta2 = v;
      return this;
    }

    public Builder reluOnMu(boolean v) {
      reluOnMu = v;
      return this;
    }

    public Builder space(SearchSpace v) {
      space = v;
      return this;
    }

    public Builder warmupRounds(int v) {
      warmupRounds = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /**
     * The loss of FIXED mode and its margins (m1 multiplicative angular, m2 additive cosine, m3
     * additive angular).
     */
    public Builder fixedLoss(LossFamily family, double m1, double m2, double m3) {
      this.fixedFamily = family;
      this.m1 = m1;
      this.m2 = m2;
      this.m3 = m3;
      return this;
    }

    /**
     * The loss of FIXED mode, margins or, for the modulated loss (the searched loss at one constant
     * a, to compare with the margins it generalises), its factor a.
     */
    public Builder fixedLoss(FixedLoss loss) {
      fixedLoss(loss.family(), loss.m1(), loss.m2(), loss.m3());
      this.modulation = loss.a();
      this.modern = loss.modern();
      return this;
    }

    /** The parameters of the modern margins (default: the official ones). */
    public Builder modernLosses(ModernLosses v) {
      modern = v;
      return this;
    }

    /** μ₀ of Search-/Random-Softmax (default 0); see {@link SearchConfig#initialMu}. */
    public Builder initialMu(double v) {
      initialMu = v;
      return this;
    }

    /** Training steps of the whole run, 0 when unknown (SphereFace then keeps the published γ). */
    public Builder trainingSteps(long v) {
      trainingSteps = v;
      return this;
    }

    public Builder sphereAnnealFraction(double v) {
      sphereAnnealFraction = v;
      return this;
    }

    /**
     * Successive halving inside each round: rate η (1 = off, the default) and rungs K; see {@link
     * SuccessiveHalving}.
     */
    public Builder halving(double rate, int rungs) {
      this.halvingRate = rate;
      this.rungs = rungs;
      return this;
    }

    /** Steps of one candidate's whole round, 0 when unknown (halving needs it to plan rungs). */
    public Builder roundSteps(long v) {
      roundSteps = v;
      return this;
    }

    public SearchConfig build() {
      if (rounds < 1 || candidates < 1) {
        throw new IllegalArgumentException("rounds and candidates must be at least 1");
      }
      if (!(sigma > 0) || !(scale > 0) || !(policyLr > 0)) {
        throw new IllegalArgumentException(
            "sigma, scale and the policy learning rate must be positive");
      }
      if ((mode == SearchMode.FIXED || mode == SearchMode.POPULATION)
          && fixedFamily == LossFamily.MODULATED
          && !FixedLoss.validModulation(modulation)) {
        throw new IllegalArgumentException(
            "the modulating factor a must be finite and <= 0, not " + modulation);
      }
      if (!Double.isFinite(initialMu) || trainingSteps < 0) {
        throw new IllegalArgumentException(
            "the initial mu must be finite and the training steps not negative: "
                + initialMu
                + ", "
                + trainingSteps);
      }
      if (!(sphereAnnealFraction > 0 && sphereAnnealFraction <= 1)) {
        throw new IllegalArgumentException(
            "--sphereAnnealFraction must be in (0, 1], not " + sphereAnnealFraction);
      }
      if (warmupRounds < 0) {
        throw new IllegalArgumentException("--warmupRounds must be 0 or more, not " + warmupRounds);
      }
      if (roundSteps < 0) {
        throw new IllegalArgumentException("the round's steps must not be negative: " + roundSteps);
      }
      SuccessiveHalving h = SuccessiveHalving.of(halvingRate, rungs);
      if (mode != SearchMode.FIXED) {
        h.checkCandidates(candidates);
        if (roundSteps > 0) {
          h.plan(candidates, roundSteps);
        }
      }
      if (mode == SearchMode.UNKNOWN) {
        throw new IllegalArgumentException(
            "mode must be search, random, amlfs, fixed or population");
      }
      return new SearchConfig(this);
    }
  }
}
