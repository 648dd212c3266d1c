package io.lfsbeam.pipelines;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.lfsbeam.options.Choice;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.search.FixedLoss;
import io.lfsbeam.search.SearchConfig;
import io.lfsbeam.search.SuccessiveHalving;
import io.lfsbeam.search.policy.AdamOptimizer;
import io.lfsbeam.search.policy.GaussianPolicy;
import io.lfsbeam.search.policy.SearchSpace;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of {@code lfs search} (METHOD.md §2–3 defaults) and of the training stage it launches per
 * candidate.
 */
public interface SearchOptions extends TrainStageOptions, EvalBinOptions, ModernLossOptions {
  /** What {@code --mode} runs; the policy-bearing modes are those of {@link SearchMode}. */
  enum Mode implements Choice {
    /** Search-Softmax: REINFORCE moves the policy mean. */
    SEARCH,
    /** Random-Softmax: the same sampler with the mean held fixed. */
    RANDOM,
    /** AM-LFS: the piecewise-linear τ(p) policy. */
    AMLFS,
    /** One given loss ({@code --loss}), one candidate per round. */
    FIXED,
    /**
     * The compute-matched control of a search: the loss fixed ({@code --loss}), M candidates per
     * round that differ only in their data-order seed, best of M on validation.
     */
    POPULATION;

    @JsonCreator
    public static Mode parse(String text) {
      return Choice.parse(Mode.class, text);
    }

    /** The mode as the records store it. */
    public SearchMode schema() {
      return SearchMode.valueOf(name());
    }
  }

  @Description("Preprocess output folder (faces/, pairs/val.avro, pairs/test.avro)")
  @Validation.Required
  String getData();

  void setData(String value);

  @Description("Output folder: round-NNNN/ records, model/ (SavedModel), report.md")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description(
      "search (Search-Softmax), random (Random-Softmax), amlfs (AM-LFS), fixed (one given loss) or population (--loss fixed, M candidates per round that differ only in their data-order seed, best of M: the compute-matched control of a search)")
  @Default.Enum("SEARCH")
  Mode getMode();

  void setMode(Mode value);

  @Description(
      "Rounds B (each: sample M candidates, train each for --epochsPerRound, evaluate, update)")
  @Default.Integer(SearchConfig.DEFAULT_ROUNDS)
  int getRounds();

  void setRounds(int value);

  @Description("Candidates M per round (fixed mode trains one)")
  @Default.Integer(SearchConfig.DEFAULT_CANDIDATES)
  int getCandidates();

  void setCandidates(int value);

  @Description("Policy standard deviation sigma")
  @Default.Double(GaussianPolicy.DEFAULT_SIGMA)
  double getSigma();

  void setSigma(double value);

  @Description("Policy Adam learning rate")
  @Default.Double(AdamOptimizer.DEFAULT_LR)
  double getPolicyLr();

  void setPolicyLr(double value);

  @Description("Policy Adam beta1")
  @Default.Double(AdamOptimizer.DEFAULT_BETA1)
  double getPolicyBeta1();

  void setPolicyBeta1(double value);

  @Description("Policy Adam beta2")
  @Default.Double(AdamOptimizer.DEFAULT_BETA2)
  double getPolicyBeta2();

  void setPolicyBeta2(double value);

  @Description("Reproduce the official code's ReLU on mu (which freezes mu at 0; see METHOD.md §2)")
  @Default.Boolean(false)
  boolean getReluOnMu();

  void setReluOnMu(boolean value);

  @Description("Search space: global (one a) or local (10 bins over p)")
  @Default.Enum("GLOBAL")
  SearchSpace getSpace();

  void setSpace(SearchSpace value);

  @Description(
      "First rounds that do not update the policy and train its centre: search/random the warm-up a = -e^(s/3), amlfs the tau of its current mean (the identity, plain softmax, at the start)")
  @Default.Integer(0)
  int getWarmupRounds();

  void setWarmupRounds(int value);

  @Description(
      "Successive halving inside each round (Hyperband's bracket): 1 = off; a rate eta > 1 trains every candidate"
          + " for the first of --rungs rungs, scores it on validation and lets the best floor(n/eta) continue from"
          + " their own checkpoints; rung k of K ends at round(S*eta^-(K-1-k)) of the round's S steps. Stopped"
          + " candidates are rewarded by their rank (below every candidate that went further). Fixed mode (one"
          + " candidate) trains whole rounds")
  @Default.Double(SuccessiveHalving.DEFAULT_RATE)
  double getHalvingRate();

  void setHalvingRate(double value);

  @Description(
      "Rungs per round with --halvingRate > 1 (at least 2; the candidates must keep at least one in the last)")
  @Default.Integer(SuccessiveHalving.DEFAULT_RUNGS)
  int getRungs();

  void setRungs(int value);

  @Description(
      "fixed and population modes: softmax, normface, sphereface, cosface, arcface, combined, modulated, or a modern margin: curricularface, adaface, magface, elasticface-arc, elasticface-cos, elasticface-arc-plus, elasticface-cos-plus (each with its own --<loss>... options and scale)")
  @Default.String(FixedLoss.DEFAULT_NAME)
  String getLoss();

  void setLoss(String value);

  @Description(
      "fixed mode: the margin (m of CosFace/ArcFace, m1 of SphereFace); default per loss: cosface 0.35, arcface 0.5, sphereface 4")
  Double getMargin();

  void setMargin(Double value);

  @Description("fixed mode, combined: m1, m2, m3 as 'm1,m2,m3'")
  @Default.String(FixedLoss.DEFAULT_COMBINED)
  String getCombinedMargins();

  void setCombinedMargins(String value);

  @Description(
      "fixed mode, modulated: the modulating factor a <= 0 (default -e^(s/3), the search's warm-up value, CosFace-equivalent m = 1/3)")
  Double getModulation();

  void setModulation(Double value);

  @Description("Search seed (candidates, training shuffles and the initial weights derive from it)")
  @Default.Long(SearchConfig.DEFAULT_SEED)
  long getSeed();

  void setSeed(long value);

  @Description(
      "Policy state file to resume from; by default a search continues after the last completed round in --output")
  String getResumeFrom();

  void setResumeFrom(String value);

  @Description("Search id recorded in every record (default: the output folder's name)")
  String getSearchId();

  void setSearchId(String value);

  @Description(
      "Search/random: the policy's initial mean mu0 (default 0, the paper's; with a = -|x|e^(s/3) the expected policy gradient at mu = 0 is zero, mu = 1 starts around a = -e^(s/3), CosFace-equivalent m = 1/3)")
  @Default.Double(GaussianPolicy.DEFAULT_INITIAL_MU)
  double getInitialMu();

  void setInitialMu(double value);

  @Description(
      "Resume even though --output's recorded configuration differs (seed, loss, candidates, sigma, backbone, data, ...); the change is recorded in the policy state and the report")
  @Default.Boolean(false)
  boolean getAllowConfigChange();

  void setAllowConfigChange(boolean value);

  @Description(
      "Test hook: inject a fault 'round:index:kind' (kind = throw, crash, nan, diverged), comma-separated")
  String getInjectFaults();

  void setInjectFaults(String value);
}
