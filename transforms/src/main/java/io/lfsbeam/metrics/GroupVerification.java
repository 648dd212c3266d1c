package io.lfsbeam.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Group fairness evaluation (RFW style): the k-fold {@link VerificationProtocol} run separately on
 * the pairs of each group, so each group gets its own thresholds, as in the RFW protocol.
 */
public final class GroupVerification {
  private GroupVerification() {}

  /**
   * @param groups group name of each pair; within each group the fold indices must cover 0..k−1
   *     (see {@link VerificationProtocol#run})
   */
  public static GroupVerificationResult run(
      double[] scores, boolean[] same, int[] folds, String[] groups) {
    if (scores.length != same.length
        || scores.length != folds.length
        || scores.length != groups.length) {
      throw new IllegalArgumentException(
          "scores, labels, folds and groups must have one entry per pair");
    }
    Map<String, List<Integer>> members = new LinkedHashMap<>();
    for (int i = 0; i < groups.length; i++) {
      if (groups[i] == null) {
        throw new IllegalArgumentException("pair " + i + " has no group");
      }
      members.computeIfAbsent(groups[i], k -> new ArrayList<>()).add(i);
    }
    Map<String, VerificationResult> results = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> e : members.entrySet()) {
      List<Integer> idx = e.getValue();
      double[] s = new double[idx.size()];
      boolean[] l = new boolean[idx.size()];
      int[] f = new int[idx.size()];
      for (int j = 0; j < idx.size(); j++) {
        int i = idx.get(j);
        s[j] = scores[i];
        l[j] = same[i];
        f[j] = folds[i];
      }
      try {
        results.put(e.getKey(), VerificationProtocol.run(s, l, f));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("group " + e.getKey() + ": " + ex.getMessage(), ex);
      }
    }
    return new GroupVerificationResult(results);
  }
}
