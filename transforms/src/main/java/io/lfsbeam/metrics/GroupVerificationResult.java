package io.lfsbeam.metrics;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Per-group verification results (RFW style) and the fairness summary across groups: the gap
 * between the best and the worst group's mean accuracy, and the population standard deviation (ddof
 * = 0, as for the folds) of the group mean accuracies.
 */
public final class GroupVerificationResult {
  private final SortedMap<String, VerificationResult> byGroup;
  private final String bestGroup;
  private final String worstGroup;
  private final double std;

  GroupVerificationResult(Map<String, VerificationResult> byGroup) {
    if (byGroup.isEmpty()) {
      throw new IllegalArgumentException("no groups");
    }
    this.byGroup = Collections.unmodifiableSortedMap(new TreeMap<>(byGroup));
    String best = null;
    String worst = null;
    double[] means = new double[byGroup.size()];
    int i = 0;
    for (Map.Entry<String, VerificationResult> e : this.byGroup.entrySet()) {
      double acc = e.getValue().meanAccuracy();
      means[i++] = acc;
      if (best == null || acc > this.byGroup.get(best).meanAccuracy()) {
        best = e.getKey();
      }
      if (worst == null || acc < this.byGroup.get(worst).meanAccuracy()) {
        worst = e.getKey();
      }
    }
    this.bestGroup = best;
    this.worstGroup = worst;
    this.std = VerificationResult.populationStd(means, VerificationResult.mean(means));
  }

  /** Results by group name, in name order. */
  public SortedMap<String, VerificationResult> byGroup() {
    return byGroup;
  }

  public double accuracy(String group) {
    VerificationResult r = byGroup.get(group);
    if (r == null) {
      throw new IllegalArgumentException("unknown group: " + group);
    }
    return r.meanAccuracy();
  }

  /** Group with the highest mean accuracy (first in name order on ties). */
  public String bestGroup() {
    return bestGroup;
  }

  /** Group with the lowest mean accuracy (first in name order on ties). */
  public String worstGroup() {
    return worstGroup;
  }

  /** Best minus worst group mean accuracy. */
  public double gap() {
    return accuracy(bestGroup) - accuracy(worstGroup);
  }

  /** Population standard deviation of the group mean accuracies. */
  public double std() {
    return std;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    byGroup.forEach(
        (g, r) -> sb.append(String.format(Locale.ROOT, "%s %.4f; ", g, r.meanAccuracy())));
    return sb.append(String.format(Locale.ROOT, "gap %.4f, std %.4f", gap(), std)).toString();
  }
}
