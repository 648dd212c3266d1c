package io.lfsbeam.pipelines;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.lfsbeam.options.Choice;

/** What {@code lfs export} writes ({@code --format}). */
public enum ExportFormat implements Choice {
  /** An insightface pack (train.rec, train.idx, property) of one split's faces. */
  RECORDIO,
  /** A verification .bin ({@code (bins, issame)} pickle) of a preprocess output's pairs. */
  BIN;

  @JsonCreator
  public static ExportFormat parse(String text) {
    return Choice.parse(ExportFormat.class, text);
  }
}
