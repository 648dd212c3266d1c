package io.lfsbeam.evaluate;

import io.lfsbeam.schemas.PairScore;
import java.util.ArrayList;
import java.util.List;

/** Scored pairs as {@link PairScore} records, in the canonical order of {@link PairScores}. */
public final class PairScoreRecords {
  private PairScoreRecords() {}

  public static List<PairScore> of(String evalSet, PairScores pairs) {
    List<PairScore> out = new ArrayList<>(pairs.size());
    for (ScoredPair p : pairs.pairs()) {
      out.add(
          PairScore.newBuilder()
              .setEvalSet(evalSet)
              .setLeftId(p.leftId())
              .setRightId(p.rightId())
              .setSame(p.same())
              .setFold(p.fold())
              .setScore(p.score())
              .build());
    }
    return out;
  }
}
