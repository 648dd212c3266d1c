package io.lfsbeam.pipelines;

import io.lfsbeam.insightface.PackImageFormat;
import io.lfsbeam.insightface.VerificationBinWriter;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of {@code lfs export}. */
public interface ExportOptions extends PipelineOptions {
  @Description(
      "What to write: recordio (an insightface pack of one split's faces: --split) or bin (a"
          + " verification .bin of a preprocess output's pairs: --pairs)")
  @Default.Enum("RECORDIO")
  ExportFormat getFormat();

  void setFormat(ExportFormat value);

  @Description(
      "recordio: output folder (train.rec, train.idx, property, classes.tsv); bin: the .bin file"
          + " (its name without extension names the set, as lfw.bin names lfw)")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("Preprocess output folder (faces/*.avro, labels.tsv, manifest.avro, pairs/)")
  String getData();

  void setData(String value);

  @Description(
      "recordio: the split whose faces are written (classes renumbered from 0); default train")
  String getSplit();

  void setSplit(String value);

  @Description(
      "bin (required): the pairs to write, val or test (pairs/<split>.avro of --data) or a"
          + " VerificationPair .avro file over --data's faces; written in fold order, so"
          + " insightface's 10 consecutive blocks are the pairs' folds")
  String getPairs();

  void setPairs(String value);

  @Description(
      "bin: the pickle written, python3 (protocol 3, BINBYTES: pickle.load reads it) or python2"
          + " (protocol 2, BINSTRING: the form of the published lfw.bin)")
  @Default.Enum("PYTHON3")
  VerificationBinWriter.Flavour getPickle();

  void setPickle(VerificationBinWriter.Flavour value);

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
