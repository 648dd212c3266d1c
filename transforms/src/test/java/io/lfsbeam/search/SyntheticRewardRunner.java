package io.lfsbeam.search;

import io.lfsbeam.evaluate.MetricsAssembly;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import io.lfsbeam.search.policy.CosFaceEquivalence;
import java.util.List;
import java.util.Set;

/**
 * A {@link CandidateRunner} without TensorFlow: "training" is instant and the reward is a known
 * function of the candidate's a, R(a) = 0.9 − (m_eq(a) − 0.3)², so the orchestration (fan-out,
 * records, policy update, resume, failures) is tested in seconds.
 */
final class SyntheticRewardRunner implements CandidateRunner {
  private final Set<String> throwing;
  private final Set<String> nan;
  private final Set<String> diverged;
  private final Set<String> evaluationFails;

  SyntheticRewardRunner(Set<String> throwing, Set<String> nan, Set<String> diverged) {
    this(throwing, nan, diverged, Set.of());
  }

  SyntheticRewardRunner(
      Set<String> throwing, Set<String> nan, Set<String> diverged, Set<String> evaluationFails) {
    this.evaluationFails = evaluationFails;
    this.throwing = throwing;
    this.nan = nan;
    this.diverged = diverged;
  }

  static CandidateRunner.Factory factory() {
    return factory(Set.of(), Set.of());
  }

  /** Candidates named "round:index" throw, or end with status NAN. */
  static CandidateRunner.Factory factory(Set<String> throwing, Set<String> nan) {
    return factory(throwing, nan, Set.of());
  }

  /**
   * As {@link #factory(Set, Set)}; candidates in {@code diverged} train OK but embed 7 validation
   * faces as NaN.
   */
  static CandidateRunner.Factory factory(
      Set<String> throwing, Set<String> nan, Set<String> diverged) {
    return () -> new SyntheticRewardRunner(throwing, nan, diverged);
  }

  /** Candidates in {@code evaluationFails} train OK, but their evaluation throws. */
  static CandidateRunner.Factory evaluationFailing(Set<String> evaluationFails) {
    return () -> new SyntheticRewardRunner(Set.of(), Set.of(), Set.of(), evaluationFails);
  }

  /** What an evaluation of a candidate in {@code evaluationFails} throws. */
  static final String EVALUATION_FAILURE =
      "no val pairs under /data/pairs: cannot score (give a verification .bin with --valBin)";

  static double reward(LossCandidate c) {
    double a = c.getParams().getA() == null ? 0 : c.getParams().getA();
    double m = CosFaceEquivalence.margin(a, c.getParams().getScale());
    return 0.9 - (m - 0.3) * (m - 0.3);
  }

  @Override
  public TrainResult train(LossCandidate c) {
    String key = c.getRound() + ":" + c.getIndex();
    if (throwing.contains(key)) {
      throw new IllegalStateException("synthetic failure of " + key);
    }
    boolean isNan = nan.contains(key);
    return TrainResult.newBuilder()
        .setCandidate(c)
        .setStatus(isNan ? TrainStatus.NAN : TrainStatus.OK)
        .setMessage(isNan ? "loss became NaN at step 3" : null)
        .setSteps(10)
        .setEpochs(1)
        .setDevice("none")
        .setCheckpointUri(isNan ? null : "mem://" + key)
        .setStartMillis(0)
        .setEndMillis(0)
        .setWallMillis(0)
        .build();
  }

  @Override
  public EvalMetrics evaluate(TrainResult r) {
    LossCandidate c = r.getCandidate();
    if (evaluationFails.contains(c.getRound() + ":" + c.getIndex())) {
      throw new IllegalStateException(EVALUATION_FAILURE);
    }
    if (diverged.contains(c.getRound() + ":" + c.getIndex())) {
      return EvalMetrics.newBuilder(MetricsAssembly.diverged(r.getCheckpointUri(), "val", 600, 7))
          .setCandidate(c)
          .build();
    }
    return metrics(c, reward(c), "val");
  }

  @Override
  public List<EvalMetrics> finish(PolicyState state) {
    return List.of(metrics(state.getBestCandidate(), state.getBestReward(), "test"));
  }

  private static EvalMetrics metrics(LossCandidate c, double reward, String set) {
    return EvalMetrics.newBuilder()
        .setCandidate(c)
        .setModelUri("mem://" + c.getRound() + ":" + c.getIndex())
        .setEvalSet(set)
        .setPairs(600)
        .setAccuracyMean(reward)
        .setAccuracyStd(0)
        .setFoldAccuracies(List.of())
        .setThreshold(0)
        .build();
  }
}
