package io.lfsbeam.evaluate;

import io.lfsbeam.metrics.Roc;

/**
 * The exact ROC as tab-separated text, one point per distinct score plus the all-accepting start:
 *
 * <pre>
 * threshold	far	tar
 * -0.83712…	1.0	1.0        (threshold below every score: everything accepted)
 * …                            decision: score &gt; threshold; FAR and TAR never increase downwards
 * </pre>
 *
 * Values are Java's shortest round-trip decimal form, so the file reproduces the curve exactly.
 */
public final class RocTsv {
  public static final String HEADER = "threshold\tfar\ttar";

  private RocTsv() {}

  public static String format(Roc roc) {
    StringBuilder sb = new StringBuilder(32 * (roc.size() + 1)).append(HEADER).append('\n');
    for (int i = 0; i < roc.size(); i++) {
      sb.append(roc.threshold(i))
          .append('\t')
          .append(roc.far(i))
          .append('\t')
          .append(roc.tar(i))
          .append('\n');
    }
    return sb.toString();
  }
}
