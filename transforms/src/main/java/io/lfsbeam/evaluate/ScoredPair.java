package io.lfsbeam.evaluate;

import io.lfsbeam.metrics.Embeddings;
import io.lfsbeam.schemas.VerificationPair;
import java.io.Serializable;

/**
 * One verification pair with its similarity: the unit the metrics are computed from.
 *
 * @param score cosine similarity of the two faces' embeddings, computed in double precision
 * @param group the pair's group tag, or null
 */
public record ScoredPair(
    String leftId, String rightId, boolean same, int fold, String group, double score)
    implements Serializable {

  /**
   * Scores a pair. The stored embeddings are unit vectors to float precision; the cosine
   * re-normalises in double, so the score equals their dot product to ~1e-7 and a zero vector (a
   * collapsed model) scores 0 rather than NaN.
   */
  public static ScoredPair of(VerificationPair p, float[] left, float[] right) {
    String group = p.getGroup() == null ? null : p.getGroup().toString();
    return new ScoredPair(
        p.getLeftId().toString(),
        p.getRightId().toString(),
        p.getSame(),
        p.getFold(),
        group,
        Embeddings.cosine(left, right));
  }
}
