package io.lfsbeam.pipelines;

import io.lfsbeam.insightface.PackImageFormat;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of {@code lfs export}. */
public interface ExportOptions extends PipelineOptions {
  @Description("What to write: recordio (an insightface pack of one split's faces)")
  @Default.Enum("RECORDIO")
  ExportFormat getFormat();

  void setFormat(ExportFormat value);

  @Description("Output folder (recordio: train.rec, train.idx, property, classes.tsv)")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("recordio: preprocess output folder (faces/*.avro, labels.tsv, manifest.avro)")
  String getData();

  void setData(String value);

  @Description("recordio: the split whose faces are written (classes renumbered from 0)")
  @Default.String("train")
  String getSplit();

  void setSplit(String value);

  @Description(
      "recordio: png (the preprocess PNGs as they are: lossless, no re-encoding) or jpeg (smaller, lossy, as published packs)")
  @Default.Enum("PNG")
  PackImageFormat getImageFormat();

  void setImageFormat(PackImageFormat value);

  @Description("recordio: JPEG quality for --imageFormat=jpeg, 1..100")
  @Default.Integer(95)
  int getJpegQuality();

  void setJpegQuality(int value);
}
