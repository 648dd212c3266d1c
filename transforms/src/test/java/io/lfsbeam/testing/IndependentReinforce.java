package io.lfsbeam.testing;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import io.lfsbeam.search.SearchLayout;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Round N's μ recomputed from round N−1's policy state and round N's records ({@code
 * candidates.avro}, {@code train_results.avro}, {@code eval_metrics.avro}) with METHOD §3's
 * REINFORCE + Adam written out here in a few lines, independently of the production policy code
 * (io.lfsbeam.search.policy), so that a test can hold the search's stored μ against it.
 */
public final class IndependentReinforce {
  private IndependentReinforce() {}

  /** μ after round {@code round} of the search in {@code output}, recomputed from its files. */
  public static double[] muAfterRound(String output, int round, double lr, double b1, double b2)
      throws IOException {
    PolicyState prev = read(output, round - 1, SearchLayout.POLICY_STATE, PolicyState.class).get(0);
    return muAfter(
        prev,
        read(output, round, SearchLayout.CANDIDATES, LossCandidate.class),
        read(output, round, SearchLayout.TRAIN_RESULTS, TrainResult.class),
        read(output, round, SearchLayout.EVAL_METRICS, EvalMetrics.class),
        lr,
        b1,
        b2);
  }

  /** μ after one round that started from {@code prev}, with Adam(lr, β1, β2, eps 1e-8). */
  public static double[] muAfter(
      PolicyState prev,
      List<LossCandidate> candidates,
      List<TrainResult> results,
      List<EvalMetrics> metrics,
      double lr,
      double b1,
      double b2) {
    Map<Integer, Double> reward = new HashMap<>();
    for (EvalMetrics m : metrics) {
      reward.put(m.getCandidate().getIndex(), m.getAccuracyMean());
    }
    for (TrainResult r : results) {
      if (r.getStatus() != TrainStatus.OK) {
        reward.remove(r.getCandidate().getIndex()); // a failed candidate has no reward
      }
    }
    reward.values().removeIf(r -> !Double.isFinite(r));
    int d = prev.getMu().size();
    double[] mu = new double[d];
    double[] g = new double[d];
    double sigma2 = prev.getSigma() * prev.getSigma();
    if (reward.isEmpty()) {
      for (int j = 0; j < d; j++) {
        mu[j] = prev.getMu().get(j);
      }
      return mu;
    }
    double mean = reward.values().stream().mapToDouble(x -> x).average().orElseThrow();
    double range =
        reward.values().stream().mapToDouble(x -> x).max().orElseThrow()
            - reward.values().stream().mapToDouble(x -> x).min().orElseThrow();
    for (LossCandidate c : candidates) {
      Double r = reward.get(c.getIndex());
      if (r == null) {
        continue;
      }
      double normalised = 2 * (r - mean) / (range + 1e-6);
      for (int j = 0; j < d; j++) {
        g[j] -= normalised * (c.getPolicySample().get(j) - prev.getMu().get(j)) / sigma2;
      }
    }
    int t = prev.getAdamStep() + 1;
    for (int j = 0; j < d; j++) {
      g[j] /= reward.size();
      double m = b1 * prev.getAdamM().get(j) + (1 - b1) * g[j];
      double v = b2 * prev.getAdamV().get(j) + (1 - b2) * g[j] * g[j];
      double mHat = m / (1 - Math.pow(b1, t));
      double vHat = v / (1 - Math.pow(b2, t));
      mu[j] = prev.getMu().get(j) - lr * mHat / (Math.sqrt(vHat) + 1e-8);
    }
    return mu;
  }

  private static <T extends SpecificRecord> List<T> read(
      String output, int round, String file, Class<T> type) throws IOException {
    return AvroFiles.read(SearchLayout.at(output).roundDir(round) + "/" + file, type);
  }
}
