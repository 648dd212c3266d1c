package io.lfsbeam.metrics;

/**
 * The LFW k-fold verification protocol (k = 10 for LFW): for each fold, choose the
 * accuracy-maximising threshold on the other k − 1 folds and measure accuracy on the held-out fold.
 *
 * <p>The threshold on the training folds is exact, with the candidate set and tie rule of {@link
 * ThresholdSweep} (midpoints of consecutive distinct scores plus one below/above the range;
 * smallest threshold among equally accurate ones). Decision: {@code score > threshold} ⇒ same.
 *
 * <p>Cost: per fold, two primitive sorts of the training scores and one linear sweep, so O(k · n
 * log n) overall.
 *
 * <p>This number is the search's reward, so any failure of the inputs (NaN scores from a diverged
 * model, empty folds) is an {@link IllegalArgumentException} rather than a silently wrong value;
 * callers that want "reward 0 for a broken model" decide that themselves.
 */
public final class VerificationProtocol {
  private VerificationProtocol() {}

  /**
   * Runs the protocol.
   *
   * @param scores similarity of each pair (for example cosine of L2-normalised embeddings)
   * @param same whether each pair shows the same identity
   * @param folds fold index of each pair, 0..k−1; k = largest index + 1, at least 2, and every fold
   *     must hold at least one pair
   */
  public static VerificationResult run(double[] scores, boolean[] same, int[] folds) {
    SortedScores.checkLengths(scores, same);
    if (folds.length != scores.length) {
      throw new IllegalArgumentException(
          "scores and folds differ in length: " + scores.length + " vs " + folds.length);
    }
    int foldCount = foldCount(folds);
    double[] accuracies = new double[foldCount];
    double[] thresholds = new double[foldCount];
    for (int f = 0; f < foldCount; f++) {
      SortedScores training = SortedScores.excludingFold(scores, same, folds, f);
      double t = ThresholdSweep.best(training).threshold();
      thresholds[f] = t;
      accuracies[f] = heldOutAccuracy(scores, same, folds, f, t);
    }
    return new VerificationResult(accuracies, thresholds);
  }

  private static int foldCount(int[] folds) {
    int max = -1;
    for (int i = 0; i < folds.length; i++) {
      if (folds[i] < 0) {
        throw new IllegalArgumentException("fold index of pair " + i + " is negative: " + folds[i]);
      }
      max = Math.max(max, folds[i]);
    }
    int count = max + 1;
    if (count < 2) {
      throw new IllegalArgumentException("need at least 2 folds, found " + count);
    }
    int[] sizes = new int[count];
    for (int f : folds) {
      sizes[f]++;
    }
    for (int f = 0; f < count; f++) {
      if (sizes[f] == 0) {
        throw new IllegalArgumentException("fold " + f + " of 0.." + max + " holds no pairs");
      }
    }
    return count;
  }

  private static double heldOutAccuracy(
      double[] scores, boolean[] same, int[] folds, int fold, double threshold) {
    int correct = 0;
    int total = 0;
    for (int i = 0; i < scores.length; i++) {
      if (folds[i] == fold) {
        total++;
        if ((scores[i] > threshold) == same[i]) {
          correct++;
        }
      }
    }
    return (double) correct / total;
  }
}
