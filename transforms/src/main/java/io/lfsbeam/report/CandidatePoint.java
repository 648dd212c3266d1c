package io.lfsbeam.report;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.TrainResult;
import java.util.List;

/**
 * One candidate as the report sees it: its loss, its modulating factors a (one for the global
 * space, one per bin for the local space, none for other families), and its reward, which is null
 * when it failed (training not OK, no metrics, or a non-finite accuracy: the same rule as the
 * policy update, so the report marks exactly the candidates the policy ignored).
 *
 * @param result its training result, null when the round recorded none
 * @param failure why it got no reward, null when it has one
 */
public record CandidatePoint(
    LossCandidate candidate, TrainResult result, List<Double> a, Double reward, String failure) {

  public CandidatePoint {
    a = List.copyOf(a);
  }

  public int index() {
    return candidate.getIndex();
  }

  public boolean failed() {
    return reward == null;
  }

  /** Mean of the candidate's a values, null when its family has none. */
  public Double meanA() {
    return a.isEmpty() ? null : a.stream().mapToDouble(Double::doubleValue).average().getAsDouble();
  }
}
