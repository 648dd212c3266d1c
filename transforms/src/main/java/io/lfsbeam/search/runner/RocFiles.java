package io.lfsbeam.search.runner;

import io.lfsbeam.eval.Roc;
import io.lfsbeam.io.TextFiles;
import java.io.IOException;
import java.util.Locale;

/** The ROC curve as {@code roc.tsv} (threshold, FAR, TAR per operating point) for reports and plots. */
final class RocFiles {
  private RocFiles() {}

  static void write(Roc roc, String dir) throws IOException {
    StringBuilder sb = new StringBuilder("threshold\tfar\ttar\n");
    for (int i = 0; i < roc.size(); i++) {
      sb.append(String.format(Locale.ROOT, "%.9g\t%.9g\t%.9g%n", roc.threshold(i), roc.far(i), roc.tar(i)));
    }
    TextFiles.write(dir + "/roc.tsv", sb.toString());
  }
}
