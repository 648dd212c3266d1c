package io.lfsbeam.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GroupVerificationTest {

  @Test
  void gapAndStdAcrossGroups() {
    // Group "african": separable (1.0); "asian": all scores equal (0.5); "caucasian": the hand
    // overlap case (0.85). The groups overlap in score range, so a single shared threshold would
    // not reproduce these numbers: each group gets its own protocol run.
    HandCases.Pairs a = HandCases.separable(3);
    HandCases.Pairs b = HandCases.allEqual(3);
    HandCases.Pairs c = HandCases.knownOverlap();
    int n = a.scores().length + b.scores().length + c.scores().length;
    double[] scores = new double[n];
    boolean[] same = new boolean[n];
    int[] folds = new int[n];
    String[] groups = new String[n];
    int k = 0;
    // Interleave the groups so grouping cannot rely on contiguous input.
    int[] cursor = new int[3];
    HandCases.Pairs[] all = {a, b, c};
    String[] names = {"african", "asian", "caucasian"};
    while (k < n) {
      for (int g = 0; g < 3; g++) {
        if (cursor[g] < all[g].scores().length) {
          int i = cursor[g]++;
          scores[k] = all[g].scores()[i];
          same[k] = all[g].same()[i];
          folds[k] = all[g].folds()[i];
          groups[k] = names[g];
          k++;
        }
      }
    }
    GroupVerificationResult r = GroupVerification.run(scores, same, folds, groups);
    assertEquals(1.0, r.accuracy("african"));
    assertEquals(0.5, r.accuracy("asian"));
    assertEquals(0.85, r.accuracy("caucasian"), 1e-12);
    assertEquals("african", r.bestGroup());
    assertEquals("asian", r.worstGroup());
    assertEquals(0.5, r.gap(), 1e-12);
    double mean = (1.0 + 0.5 + 0.85) / 3;
    double std = Math.sqrt((sq(1.0 - mean) + sq(0.5 - mean) + sq(0.85 - mean)) / 3);
    assertEquals(std, r.std(), 1e-12);
    assertEquals(3, r.byGroup().size());
    assertTrue(r.toString().contains("gap 0.5000"), r.toString());
  }

  private static double sq(double x) {
    return x * x;
  }

  @Test
  void aGroupMissingAFoldIsNamedInTheError() {
    HandCases.Pairs a = HandCases.separable(1);
    String[] groups = new String[a.scores().length];
    Arrays.fill(groups, "x");
    int[] folds = a.folds().clone();
    for (int i = 0; i < folds.length; i++) {
      if (folds[i] == 3) {
        groups[i] = "y";
        folds[i] = 0;
      }
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GroupVerification.run(a.scores(), a.same(), folds, groups));
    assertTrue(
        e.getMessage().contains("group x") || e.getMessage().contains("group y"), e.getMessage());
  }
}
