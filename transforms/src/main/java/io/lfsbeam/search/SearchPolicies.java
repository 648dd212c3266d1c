package io.lfsbeam.search;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import io.lfsbeam.search.policy.AdamOptimizer;
import io.lfsbeam.search.policy.AmLfsPolicy;
import io.lfsbeam.search.policy.CandidateOutcome;
import io.lfsbeam.search.policy.CandidateSeeds;
import io.lfsbeam.search.policy.GaussianPolicy;
import io.lfsbeam.search.policy.HalvingRewards;
import io.lfsbeam.search.policy.ModulationSample;
import io.lfsbeam.search.policy.PolicyMode;
import io.lfsbeam.search.policy.PolicySnapshot;
import io.lfsbeam.search.policy.PolicyStates;
import io.lfsbeam.search.policy.SearchSpace;
import io.lfsbeam.search.policy.TauSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The search's pure round logic, between the Avro records and the policy classes: the initial
 * state, the M candidates of a round, and the next state from a round's results. No Beam, no
 * TensorFlow: the Beam transforms call these, and tests call them directly.
 */
public final class SearchPolicies {
  private SearchPolicies() {}

  /**
   * State before round 1: μ = μ₀ (Search/Random, default 0), the identity τ (AM-LFS), nothing for a
   * fixed loss (FIXED, POPULATION).
   */
  public static PolicyState initial(SearchConfig c) {
    if (c.hasFixedLoss()) {
      return PolicyState.newBuilder()
          .setSearchId(c.searchId())
          .setRound(0)
          .setMode(c.mode())
          .setMu(List.of())
          .setSigma(0)
          .setAdamM(List.of())
          .setAdamV(List.of())
          .setAdamStep(0)
          .setSeed(c.seed())
          .build();
    }
    PolicySnapshot s =
        c.mode() == SearchMode.AMLFS ? amLfs(c, null).snapshot() : gaussian(c, null).snapshot();
    return PolicyStates.toAvro(s, c.searchId());
  }

  /**
   * The candidates of round {@code state.round + 1}, each a pure function of (seed, round, index,
   * μ).
   */
  public static List<LossCandidate> sample(PolicyState state, SearchConfig c) {
    int round = state.getRound() + 1;
    List<LossCandidate> out = new ArrayList<>();
    for (int i = 0; i < c.candidates(); i++) {
      LossCandidate.Builder b =
          LossCandidate.newBuilder()
              .setSearchId(c.searchId())
              .setRound(round)
              .setIndex(i)
              .setSeed(CandidateSeeds.trainingSeed(c.seed(), round, i))
              .setStartCheckpoint(state.getBestCheckpoint());
      switch (c.mode()) {
        // POPULATION: the same loss for all M; candidate i differs from the others only in its
        // training seed, which is the one candidate i of a search gets (paired data order)
        case FIXED, POPULATION ->
            b.setFamily(c.fixedFamily()).setParams(c.fixedParams()).setPolicySample(List.of());
        case AMLFS -> {
          // warm-up rounds train the policy's centre, τ of μ itself (the identity τ, plain softmax,
          // before the first update), as Search-Softmax's warm-up trains its fixed a: the update
          // then skips them, so a random draw would be explored for nothing
          AmLfsPolicy p = amLfs(c, state);
          TauSample t =
              round <= c.warmupRounds() ? p.fromDraw(p.mu()) : p.sampleCandidate(round, i);
          b.setFamily(LossFamily.AMLFS)
              .setPolicySample(boxed(t.x()))
              .setParams(
                  LossParams.newBuilder()
                      .setScale(c.scale())
                      .setAlpha(boxed(t.tau().alpha()))
                      .setBeta(boxed(t.tau().beta()))
                      .build());
        }
        default -> {
          GaussianPolicy p = gaussian(c, state);
          ModulationSample m =
              round <= c.warmupRounds()
                  ? p.fromDraw(ones(p.mu().length))
                  : p.sampleCandidate(round, i);
          LossParams.Builder params = LossParams.newBuilder().setScale(c.scale());
          if (p.space() == SearchSpace.LOCAL) {
            b.setFamily(LossFamily.MODULATED_LOCAL);
            params.setABins(boxed(m.a()));
          } else {
            b.setFamily(LossFamily.MODULATED);
            params.setA(m.a()[0]);
          }
          b.setParams(params.build()).setPolicySample(boxed(m.x()));
        }
      }
      out.add(b.build());
    }
    return out;
  }

  /**
   * The training results as a round records them. A candidate whose training ended OK but whose
   * model embedded validation faces as NaN or ∞ ({@link EvalMetrics#getNonFiniteEmbeddings}) has
   * diverged without a NaN loss being seen (say BatchNorm's running statistics overflowed): it is
   * recorded as NAN, exactly like a NaN loss, so that it gets no reward, stays out of the reward
   * normalisation and is counted as failed in the policy state and the report. One whose evaluation
   * failed ({@link EvalMetrics#getEvaluationError}) is recorded as FAILED with that reason.
   */
  public static List<TrainResult> recordedResults(
      List<TrainResult> results, List<EvalMetrics> metrics) {
    Map<Integer, EvalMetrics> metricByIndex = new HashMap<>();
    metrics.forEach(m -> metricByIndex.put(m.getCandidate().getIndex(), m));
    List<TrainResult> out = new ArrayList<>(results.size());
    for (TrainResult r : results) {
      EvalMetrics m = metricByIndex.get(r.getCandidate().getIndex());
      if (r.getStatus() == TrainStatus.OK && m != null && m.getEvaluationError() != null) {
        out.add(
            TrainResult.newBuilder(r)
                .setStatus(TrainStatus.FAILED)
                .setMessage("trained, but its evaluation failed: " + m.getEvaluationError())
                .build());
      } else if (r.getStatus() == TrainStatus.OK && m != null && m.getNonFiniteEmbeddings() > 0) {
        out.add(
            TrainResult.newBuilder(r)
                .setStatus(TrainStatus.NAN)
                .setMessage(
                    m.getNonFiniteEmbeddings()
                        + " of the "
                        + m.getEvalSet()
                        + " faces embed as NaN or infinity (the model diverged)")
                .build());
      } else {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The state after a round: REINFORCE + Adam on μ (SEARCH, AM-LFS; not in warm-up rounds), μ fixed
   * (RANDOM), no policy (FIXED, POPULATION), and in every mode the best candidate's checkpoint as
   * the next start (best of M on validation, which is all POPULATION does).
   *
   * <p>With successive halving ({@link SearchConfig#halves()}) the reward of each candidate is its
   * rank in the round, stopped candidates below every one that went further ({@link
   * HalvingRewards}), and the best is the top of that order: the best score of the last rung that
   * has one.
   *
   * @throws IllegalStateException when every candidate of the round failed
   */
  public static PolicyState update(
      PolicyState prev,
      SearchConfig c,
      List<LossCandidate> candidates,
      List<TrainResult> results,
      List<EvalMetrics> metrics) {
    Map<Integer, TrainResult> resultByIndex = new HashMap<>();
    recordedResults(results, metrics)
        .forEach(r -> resultByIndex.put(r.getCandidate().getIndex(), r));
    Map<Integer, EvalMetrics> metricByIndex = new HashMap<>();
    metrics.forEach(m -> metricByIndex.put(m.getCandidate().getIndex(), m));
    List<LossCandidate> ordered = new ArrayList<>(candidates);
    ordered.sort(Comparator.comparingInt(LossCandidate::getIndex));

    List<HalvingRewards.Standing> standings = new ArrayList<>();
    int failed = 0;
    StringBuilder failures = new StringBuilder();
    for (LossCandidate cand : ordered) {
      TrainResult r = resultByIndex.get(cand.getIndex());
      EvalMetrics m = metricByIndex.get(cand.getIndex());
      boolean ok =
          r != null
              && r.getStatus() == TrainStatus.OK
              && m != null
              && Double.isFinite(m.getAccuracyMean());
      if (!ok) {
        failed++;
        standings.add(HalvingRewards.Standing.failed());
        failures
            .append(" #")
            .append(cand.getIndex())
            .append(' ')
            .append(
                r == null
                    ? "no result"
                    : r.getStatus() == TrainStatus.OK
                        ? "trained, but was not evaluated"
                        : r.getStatus() + (r.getMessage() == null ? "" : " " + r.getMessage()));
        continue;
      }
      // without halving every candidate is at rung 0: the order is the scores' (ties: lower index)
      standings.add(new HalvingRewards.Standing(r.getRungReached(), m.getAccuracyMean()));
    }
    double[] rewards = c.halves() ? HalvingRewards.rewards(standings) : null;
    List<CandidateOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      double[] x = unboxed(ordered.get(i).getPolicySample());
      HalvingRewards.Standing s = standings.get(i);
      outcomes.add(
          !s.hasScore()
              ? CandidateOutcome.failed(x)
              : CandidateOutcome.succeeded(x, rewards != null ? rewards[i] : s.score()));
    }
    int top = HalvingRewards.best(standings);
    LossCandidate best = top < 0 ? null : ordered.get(top);
    double bestReward = top < 0 ? Double.NaN : standings.get(top).score();
    String bestCheckpoint = top < 0 ? null : resultByIndex.get(best.getIndex()).getCheckpointUri();
    int round = prev.getRound() + 1;
    if (best == null) {
      throw new IllegalStateException("round " + round + ": every candidate failed:" + failures);
    }
    PolicyState.Builder next;
    if (c.hasFixedLoss()) {
      next = PolicyState.newBuilder(prev).setRound(round);
    } else if (round <= c.warmupRounds()) {
      PolicySnapshot s = PolicyStates.fromAvro(prev);
      next =
          PolicyStates.toBuilder(
              new PolicySnapshot(
                  s.mode(), s.mu(), s.sigma(), s.adamM(), s.adamV(), s.adamStep(), round, s.seed()),
              c.searchId());
    } else if (c.mode() == SearchMode.AMLFS) {
      next = PolicyStates.toBuilder(amLfs(c, prev).update(outcomes).snapshot(), c.searchId());
    } else {
      next = PolicyStates.toBuilder(gaussian(c, prev).update(outcomes).snapshot(), c.searchId());
    }
    return next.setBestCandidate(best)
        .setBestCheckpoint(bestCheckpoint)
        .setBestReward(bestReward)
        .setFailedCandidates(failed)
        .setConfig(prev.getConfig())
        .setConfigChanges(prev.getConfigChanges())
        .build();
  }

  static GaussianPolicy gaussian(SearchConfig c, PolicyState state) {
    GaussianPolicy.Builder b =
        GaussianPolicy.builder()
            .mode(c.mode() == SearchMode.RANDOM ? PolicyMode.RANDOM : PolicyMode.SEARCH)
            .space(c.space())
            .sigma(c.sigma())
            .scale(c.scale())
            .reluOnMu(c.reluOnMu())
            .seed(c.seed())
            .adam(new AdamOptimizer(c.policyLr(), c.beta1(), c.beta2(), 1e-8));
    if (state != null) {
      b.fromSnapshot(PolicyStates.fromAvro(state));
    } else {
      double[] mu = new double[c.space() == SearchSpace.LOCAL ? SearchSpace.DEFAULT_LOCAL_BINS : 1];
      Arrays.fill(mu, c.initialMu());
      b.initialMu(mu);
    }
    return b.build();
  }

  static AmLfsPolicy amLfs(SearchConfig c, PolicyState state) {
    AmLfsPolicy.Builder b =
        AmLfsPolicy.builder()
            .sigma(c.sigma())
            .seed(c.seed())
            .adam(new AdamOptimizer(c.policyLr(), c.beta1(), c.beta2(), 1e-8));
    if (state != null) {
      b.fromSnapshot(PolicyStates.fromAvro(state));
    }
    return b.build();
  }

  private static double[] ones(int n) {
    double[] x = new double[n];
    Arrays.fill(x, 1.0);
    return x;
  }

  static List<Double> boxed(double[] v) {
    List<Double> l = new ArrayList<>(v.length);
    for (double d : v) {
      l.add(d);
    }
    return l;
  }

  static double[] unboxed(List<Double> l) {
    double[] v = new double[l.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = l.get(i);
    }
    return v;
  }
}
