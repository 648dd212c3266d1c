package io.lfsbeam.pipelines;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.lfsbeam.evaluate.Embedder;
import io.lfsbeam.options.Choice;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of {@code lfs embed}. */
public interface EmbedOptions extends PipelineOptions {
  /** The files {@code lfs embed} writes. */
  enum Format implements Choice {
    /** {@code embeddings-NNNNN-of-NNNNN.avro}, each sorted by face id (byte-identical reruns). */
    AVRO,
    /**
     * {@code embeddings-NNNNN-of-NNNNN.parquet} (Beam's ParquetIO, snappy), rows in no fixed order.
     */
    PARQUET;

    @JsonCreator
    public static Format parse(String text) {
      return Choice.parse(Format.class, text);
    }
  }

  @Description(
      "Exported SavedModel directory (saved_model.pb + variables/), e.g. a search's model/; must be"
          + " readable as a local path on every worker")
  @Validation.Required
  String getModel();

  void setModel(String value);

  @Description(
      "What to embed: a preprocess output (every face of faces/*.avro), an insightface pack folder"
          + " (train.rec, train.idx), a verification .bin file, or a folder with one sub-folder of"
          + " images per identity (aligned with --landmarks, or --alignment=center-crop)")
  @Validation.Required
  String getInput();

  void setInput(String value);

  @Description(
      "Output folder: embeddings-NNNNN-of-NNNNN.avro or .parquet (FaceEmbedding: id, identity,"
          + " imageNumber, sourcePath, split, vector, norm) and dead_letters.avro (faces that could"
          + " not be read, aligned or embedded, with the reason)")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description(
      "What to write: avro (each file sorted by face id: reruns give the same bytes) or parquet"
          + " (Beam's ParquetIO, snappy; rows in no fixed order)")
  @Default.Enum("AVRO")
  Format getFormat();

  void setFormat(Format value);

  @Description("Embed each face plus its mirror image, sum, re-normalise")
  @Default.Boolean(false)
  boolean getFlipFusion();

  void setFlipFusion(boolean value);

  @Description(
      "Folder input: landmark file (LFW layout, paths relative to the folder); the faces are aligned"
          + " on it")
  String getLandmarks();

  void setLandmarks(String value);

  @Description(
      "Folder input: landmarks (the default when --landmarks is given) or center-crop; a pack's"
          + " faces are kept as they are (none)")
  PreprocessOptions.Alignment getAlignment();

  void setAlignment(PreprocessOptions.Alignment value);

  @Description("Pack input: identity names, '<class index>\\t<name>' lines (default class-<n>)")
  String getClassNames();

  void setClassNames(String value);

  @Description("Output files the embeddings are spread over")
  @Default.Integer(1)
  int getShards();

  void setShards(int value);

  @Description("Faces per inference batch")
  @Default.Integer(Embedder.BATCH)
  int getBatchSize();

  void setBatchSize(int value);
}
