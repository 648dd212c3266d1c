package io.lfsbeam.pipelines;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The verification .bin sets that score a training run in place of (or beside) the preprocess
 * output's pairs: shared by {@code train}, {@code search} and {@code compare}.
 */
public interface EvalBinOptions extends PipelineOptions {
  @Description(
      "Verification .bin (insightface (bins, issame) pickle) whose pairs score every trained"
          + " candidate on validation (the search's reward) instead of the val pairs; its images must"
          + " have the train faces' size; readable as a path on every worker")
  String getValBin();

  void setValBin(String value);

  @Description(
      "Verification .bin files the final model is also evaluated on, comma-separated (e.g."
          + " lfw.bin,cfp_fp.bin,agedb_30.bin), beside the test pairs when the data has them")
  String getTestBins();

  void setTestBins(String value);
}
