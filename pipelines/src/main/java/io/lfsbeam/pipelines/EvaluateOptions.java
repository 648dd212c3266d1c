package io.lfsbeam.pipelines;

import io.lfsbeam.evaluate.Embedder;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of {@code lfs evaluate}. */
public interface EvaluateOptions extends PipelineOptions {
  @Description(
      "Exported SavedModel directory (saved_model.pb + variables/), e.g. from training's export; must be"
          + " readable as a local path on every worker")
  @Validation.Required
  String getModel();

  void setModel(String value);

  @Description(
      "Preprocess output folder (faces/*.avro, pairs/<split>.avro); or give --bins instead")
  String getData();

  void setData(String value);

  @Description(
      "Verification .bin sets instead of --data, comma-separated (insightface's"
          + " lfw.bin,cfp_fp.bin,agedb_30.bin or any (bins, issame) pickle): each is reported with"
          + " and without flip fusion; its images must have the model's input size; readable as a"
          + " path on every worker")
  String getBins();

  void setBins(String value);

  @Description(
      "Split to evaluate: its pairs (pairs/<split>.avro) unless --pairs is given, and its faces for --gallery")
  @Default.String("test")
  String getSplit();

  void setSplit(String value);

  @Description(
      "LFW pairs.txt to use instead of the split's pairs; '<identity> <n>' is resolved against the faces'"
          + " identity and imageNumber across all splits; a name not in the data is an error listing the first few")
  String getPairs();

  void setPairs(String value);

  @Description("Embed each face plus its mirror image, sum, re-normalise")
  @Default.Boolean(false)
  boolean getFlipFusion();

  void setFlipFusion(boolean value);

  @Description(
      "Identification protocol on the split, e.g. enrol:2,4,5,7,9 (ORL): faces with these image numbers"
          + " are the gallery (one mean template per identity), the others probes; adds rank-1/rank-5")
  String getGallery();

  void setGallery(String value);

  @Description("Also write the face embeddings (FaceEmbedding Avro, sorted by id) to this file")
  String getEmbeddingsOutput();

  void setEmbeddingsOutput(String value);

  @Description("Output folder: metrics.avro, summary.md, roc.tsv, roc.png")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("Name recorded as the evaluation set (default: the split, or the pairs file's name)")
  String getName();

  void setName(String value);

  @Description("Faces per inference batch")
  @Default.Integer(Embedder.BATCH)
  int getBatchSize();

  void setBatchSize(int value);
}
