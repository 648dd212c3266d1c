package io.lfsbeam.preprocess;

import io.lfsbeam.schemas.VerificationPair;
import java.util.List;
import java.util.Map;

/** Writes pairs in LFW's pairs.txt form: a {@code folds<TAB>perHalf} header, then per fold the matched lines then the mismatched. */
final class LfwPairsText {
  private LfwPairsText() {}

  static String format(List<VerificationPair> pairs, Map<String, PairGenerator.FaceRef> faces) {
    int folds = PairGenerator.FOLDS;
    long matched = pairs.stream().filter(VerificationPair::getSame).count();
    StringBuilder sb = new StringBuilder().append(folds).append('\t').append(matched / folds).append('\n');
    for (VerificationPair p : pairs) {
      PairGenerator.FaceRef a = faces.get(p.getLeftId());
      PairGenerator.FaceRef b = faces.get(p.getRightId());
      if (p.getSame()) {
        sb.append(a.identity()).append('\t').append(a.imageNumber()).append('\t').append(b.imageNumber());
      } else {
        sb.append(a.identity()).append('\t').append(a.imageNumber()).append('\t')
            .append(b.identity()).append('\t').append(b.imageNumber());
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
