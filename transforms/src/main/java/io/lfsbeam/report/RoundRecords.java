package io.lfsbeam.report;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import java.util.List;

/**
 * The four files of one {@code round-NNNN/} folder as read. Any of them may be missing (a round
 * whose candidates all failed has no metrics and, since the policy cannot move, may have no policy
 * state); missing lists are empty and a missing state is null.
 */
public record RoundRecords(
    int round,
    List<LossCandidate> candidates,
    List<TrainResult> results,
    List<EvalMetrics> metrics,
    PolicyState policyState) {

  public RoundRecords {
    candidates = List.copyOf(candidates);
    results = List.copyOf(results);
    metrics = List.copyOf(metrics);
  }
}
