package io.lfsbeam.report;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.PairScore;
import io.lfsbeam.search.SearchLayout;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a final model got each test pair right: its score of the pair against the threshold the
 * 10-fold protocol chose for the pair's fold on the other folds (decision {@code score > threshold}
 * ⇒ same, as in {@link io.lfsbeam.metrics.VerificationProtocol}). With equal folds the mean of
 * these is the reported accuracy.
 *
 * @param correct pair key ({@code fold/left/right}) → right or wrong, in the scores' order
 * @param faces pair key → the pair's two faces and whether they are the same person (what the
 *     identity clusters of the paired comparison are built from)
 */
public record PairOutcomes(Map<String, Boolean> correct, Map<String, PairFaces> faces) {
  public PairOutcomes {
    correct = Collections.unmodifiableMap(new LinkedHashMap<>(correct));
    faces = Collections.unmodifiableMap(new LinkedHashMap<>(faces));
  }

  /** The faces of one test pair (face ids as in the pairs file). */
  public record PairFaces(String left, String right, boolean same) {}

  /** Where a search writes its final model's score of every test pair. */
  public static String uri(String outputDir) {
    return SearchLayout.at(outputDir).testPairScores();
  }

  /**
   * @param scores one model's pair scores on one evaluation set
   * @param foldThresholds its thresholds per fold (EvalMetrics.foldThresholds)
   */
  public static PairOutcomes of(List<PairScore> scores, List<Double> foldThresholds) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    Map<String, PairFaces> faces = new LinkedHashMap<>();
    for (PairScore p : scores) {
      if (p.getFold() < 0 || p.getFold() >= foldThresholds.size()) {
        throw new IllegalArgumentException(
            "pair in fold " + p.getFold() + " but " + foldThresholds.size() + " fold thresholds");
      }
      boolean saysSame = p.getScore() > foldThresholds.get(p.getFold());
      out.put(key(p), saysSame == p.getSame());
      faces.put(key(p), new PairFaces(p.getLeftId(), p.getRightId(), p.getSame()));
    }
    return new PairOutcomes(out, faces);
  }

  static String key(PairScore p) {
    return p.getFold() + "/" + p.getLeftId() + "/" + p.getRightId();
  }

  /**
   * The outcomes of a run's final model on {@code evalSet}, or empty when the run has no pair
   * scores (a run from before they were written, or one that did not finish).
   */
  public static Optional<PairOutcomes> load(String runDir, String evalSet) throws IOException {
    String scoresUri = uri(runDir);
    String metricsUri = SearchLayout.at(runDir).testMetrics();
    if (AvroFiles.match(scoresUri).isEmpty() || AvroFiles.match(metricsUri).isEmpty()) {
      return Optional.empty();
    }
    EvalMetrics metrics =
        AvroFiles.read(metricsUri, EvalMetrics.class).stream()
            .filter(m -> m.getEvalSet().equals(evalSet))
            .findFirst()
            .orElse(null);
    if (metrics == null || metrics.getFoldThresholds().isEmpty()) {
      return Optional.empty();
    }
    List<PairScore> scores =
        AvroFiles.read(scoresUri, PairScore.class).stream()
            .filter(p -> p.getEvalSet().equals(evalSet))
            .toList();
    return scores.isEmpty()
        ? Optional.empty()
        : Optional.of(of(scores, metrics.getFoldThresholds()));
  }

  /** The outcomes in the order of {@code keys}, or empty when this model lacks one of them. */
  Optional<boolean[]> inOrder(List<String> keys) {
    boolean[] out = new boolean[keys.size()];
    for (int i = 0; i < out.length; i++) {
      Boolean c = correct.get(keys.get(i));
      if (c == null) {
        return Optional.empty();
      }
      out[i] = c;
    }
    return Optional.of(out);
  }
}
