package io.lfsbeam.report;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import io.lfsbeam.search.policy.CosFaceEquivalence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the report shows of one round, derived from its records with no I/O: each candidate's a and
 * reward, the best candidate, μ after the round and where the time went.
 *
 * @param mu policy means after the round, empty for FIXED or when the round has no policy state
 * @param best the best candidate (the policy state's choice when present), null when all failed
 */
public record RoundSummary(
    int round,
    List<CandidatePoint> candidates,
    List<Double> mu,
    CandidatePoint best,
    RoundTiming timing) {

  public RoundSummary {
    candidates = List.copyOf(candidates);
    mu = List.copyOf(mu);
  }

  /**
   * @param roundWallSeconds the round's seconds from timings.tsv, null when absent
   */
  public static RoundSummary of(RoundRecords records, Double roundWallSeconds) {
    Map<Integer, TrainResult> results = new HashMap<>();
    records.results().forEach(r -> results.put(r.getCandidate().getIndex(), r));
    Map<Integer, EvalMetrics> metrics = new HashMap<>();
    records
        .metrics()
        .forEach(
            m -> {
              if (m.getCandidate() != null) {
                metrics.put(m.getCandidate().getIndex(), m);
              }
            });
    // candidates.avro is the list of what was sampled; fall back to the results' copies if it is
    // missing
    List<LossCandidate> sampled = new ArrayList<>(records.candidates());
    if (sampled.isEmpty()) {
      records.results().forEach(r -> sampled.add(r.getCandidate()));
    }
    sampled.sort(Comparator.comparingInt(LossCandidate::getIndex));

    List<CandidatePoint> points = new ArrayList<>();
    CandidatePoint best = null;
    for (LossCandidate c : sampled) {
      TrainResult r = results.get(c.getIndex());
      EvalMetrics m = metrics.get(c.getIndex());
      String failure = null;
      if (r == null) {
        failure = "no training result";
      } else if (r.getStatus() != TrainStatus.OK) {
        failure = r.getStatus() + (r.getMessage() == null ? "" : ": " + r.getMessage());
      } else if (m == null) {
        failure = "no evaluation metrics";
      } else if (!Double.isFinite(m.getAccuracyMean())) {
        failure = "non-finite accuracy";
      }
      CandidatePoint p =
          new CandidatePoint(
              c, r, aValues(c), failure == null ? m.getAccuracyMean() : null, failure);
      points.add(p);
      // strict '>' keeps the lowest index on ties, as the policy update does
      if (!p.failed() && (best == null || p.reward() > best.reward())) {
        best = p;
      }
    }
    List<Double> mu = List.of();
    if (records.policyState() != null) {
      mu = records.policyState().getMu();
      LossCandidate chosen = records.policyState().getBestCandidate();
      if (chosen != null && chosen.getRound() == records.round()) {
        for (CandidatePoint p : points) {
          if (p.index() == chosen.getIndex() && !p.failed()) {
            best = p;
          }
        }
      }
    }
    return new RoundSummary(
        records.round(), points, mu, best, RoundTiming.of(records.results(), roundWallSeconds));
  }

  /**
   * The modulating factors a candidate trains with: a (MODULATED), the bins (MODULATED_LOCAL), else
   * none.
   */
  static List<Double> aValues(LossCandidate c) {
    if (c.getFamily() == LossFamily.MODULATED && c.getParams().getA() != null) {
      return List.of(c.getParams().getA());
    }
    if (c.getFamily() == LossFamily.MODULATED_LOCAL) {
      return c.getParams().getABins();
    }
    return List.of();
  }

  public int failedCount() {
    return (int) candidates.stream().filter(CandidatePoint::failed).count();
  }

  public int okCount() {
    return candidates.size() - failedCount();
  }

  /**
   * Every a sampled this round (failed candidates included: they were drawn from the same policy).
   */
  public List<Double> sampledA() {
    List<Double> all = new ArrayList<>();
    candidates.forEach(p -> all.addAll(p.a()));
    return all;
  }

  /** m_eq of the round's mean sampled a, ln(1 − mean a)/s; null when the round sampled no a. */
  public Double marginOfMeanA(double scale) {
    List<Double> a = sampledA();
    if (a.isEmpty()) {
      return null;
    }
    return CosFaceEquivalence.margin(
        a.stream().mapToDouble(Double::doubleValue).average().getAsDouble(), scale);
  }

  public Double bestReward() {
    return best == null ? null : best.reward();
  }
}
