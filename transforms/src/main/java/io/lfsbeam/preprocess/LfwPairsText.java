package io.lfsbeam.preprocess;

import io.lfsbeam.metrics.LfwPair;
import io.lfsbeam.metrics.LfwPairs;
import io.lfsbeam.schemas.VerificationPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Generated pairs as LFW pairs.txt text, naming each face {@code <identity> <image number>}. */
final class LfwPairsText {
  private LfwPairsText() {}

  static String format(List<VerificationPair> pairs, Map<String, PairGenerator.FaceRef> faces) {
    List<LfwPair> lfw = new ArrayList<>(pairs.size());
    for (VerificationPair p : pairs) {
      PairGenerator.FaceRef a = faces.get(p.getLeftId());
      PairGenerator.FaceRef b = faces.get(p.getRightId());
      lfw.add(
          p.getSame()
              ? LfwPair.matched(a.identity(), a.imageNumber(), b.imageNumber(), p.getFold())
              : LfwPair.mismatched(
                  a.identity(), a.imageNumber(), b.identity(), b.imageNumber(), p.getFold()));
    }
    return LfwPairs.format(lfw);
  }
}
