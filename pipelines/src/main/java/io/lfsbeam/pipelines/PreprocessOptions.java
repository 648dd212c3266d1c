package io.lfsbeam.pipelines;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.lfsbeam.image.ImageDecoder;
import io.lfsbeam.options.Choice;
import io.lfsbeam.preprocess.IdentitySplit;
import io.lfsbeam.preprocess.PreprocessConfig;
import io.lfsbeam.schemas.AlignmentMethod;
import java.io.IOException;
import java.nio.file.Paths;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of {@code lfs preprocess}. */
public interface PreprocessOptions extends PipelineOptions {
  /** What {@code --alignment} does; recorded per face as {@link AlignmentMethod}. */
  enum Alignment implements Choice {
    /** A similarity transform of the five landmarks onto the template. */
    LANDMARKS,
    /** The centred square, for roughly cropped sets without landmarks (ORL). */
    CENTER_CROP,
    /** Already aligned (an insightface pack): kept at the template's size, else WRONG_SIZE. */
    NONE;

    @JsonCreator
    public static Alignment parse(String text) {
      return Choice.parse(Alignment.class, text);
    }

    /** The method as the records store it. */
    public AlignmentMethod schema() {
      return AlignmentMethod.valueOf(name());
    }

    /** The default: none for a pack (its faces come aligned), landmarks for other inputs. */
    public static final class ForInput implements DefaultValueFactory<Alignment> {
      @Override
      public Alignment create(PipelineOptions options) {
        PreprocessOptions o = options.as(PreprocessOptions.class);
        try {
          return o.getInput() != null
                  && o.getFormat().resolve(Paths.get(o.getInput())) == InputFormat.RECORDIO
              ? NONE
              : LANDMARKS;
        } catch (IOException | RuntimeException e) {
          return LANDMARKS;
        }
      }
    }
  }

  @Description(
      "Dataset: a folder with one sub-folder per identity, an image list file of '<path>\\t<identity>' lines, or an insightface pack folder (train.rec, train.idx, property)")
  @Validation.Required
  String getInput();

  void setInput(String value);

  @Description(
      "Output folder (faces/, pairs/, labels.tsv, dead_letters.avro, manifest.json, contact_sheet.png)")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description(
      "Landmark file (tab-separated: relative path, then x y of left eye, right eye, nose tip, left and right mouth corner)")
  String getLandmarks();

  void setLandmarks(String value);

  @Description(
      "Alignment: landmarks (similarity transform to the template), center-crop (for roughly cropped sets without landmarks) or none (faces already aligned, kept when they have the template's size, else dead letters WRONG_SIZE). Default: none for an insightface pack, landmarks otherwise")
  @Default.InstanceFactory(Alignment.ForInput.class)
  Alignment getAlignment();

  void setAlignment(Alignment value);

  @Description("Template: arcface-112x112 or arcface-112x96")
  @Default.String(PreprocessConfig.DEFAULT_TEMPLATE)
  String getTemplate();

  void setTemplate(String value);

  @Description("center-crop: side of the centred crop as a fraction of the image's shorter side")
  @Default.Double(PreprocessConfig.DEFAULT_CROP_SCALE)
  double getCropScale();

  void setCropScale(double value);

  @Description("Refuse images whose header declares more pixels than this, before decoding")
  @Default.Long(ImageDecoder.DEFAULT_MAX_PIXELS)
  long getMaxPixels();

  void setMaxPixels(long value);

  @Description("Identities with fewer usable images become dead letters")
  @Default.Integer(PreprocessConfig.DEFAULT_MIN_IMAGES_PER_IDENTITY)
  int getMinImagesPerIdentity();

  void setMinImagesPerIdentity(int value);

  @Description("Fraction of identities for training (identity-disjoint)")
  @Default.Double(IdentitySplit.DEFAULT_TRAIN_FRACTION)
  double getTrainFraction();

  void setTrainFraction(double value);

  @Description("Fraction of identities for validation (the search's reward)")
  @Default.Double(IdentitySplit.DEFAULT_VAL_FRACTION)
  double getValFraction();

  void setValFraction(double value);

  @Description("Fraction of identities for the final test")
  @Default.Double(IdentitySplit.DEFAULT_TEST_FRACTION)
  double getTestFraction();

  void setTestFraction(double value);

  @Description(
      "Comma-separated identities forced into train (e.g. ORL's published world set); the rest are dealt by fraction")
  String getTrainIdentities();

  void setTrainIdentities(String value);

  @Description("Comma-separated identities forced into val")
  String getValIdentities();

  void setValIdentities(String value);

  @Description("Comma-separated identities forced into test")
  String getTestIdentities();

  void setTestIdentities(String value);

  @Description(
      "Matched (and as many mismatched) pairs per fold, 10 folds; capped by what the split can supply")
  @Default.Integer(PreprocessConfig.DEFAULT_MATCHED_PAIRS_PER_FOLD)
  int getPairsPerFold();

  void setPairsPerFold(int value);

  @Description("Avro shards per split")
  @Default.Integer(PreprocessConfig.DEFAULT_SHARDS_PER_SPLIT)
  int getShardsPerSplit();

  void setShardsPerSplit(int value);

  @Description("Seed for the split and the pairs")
  @Default.Long(PreprocessConfig.DEFAULT_SEED)
  long getSeed();

  void setSeed(long value);

  @Description("Dataset name recorded in the manifest (default: the input folder's name)")
  String getName();

  void setName(String value);

  @Description(
      "Input kind: auto (a folder with train.rec and train.idx is a pack, another folder has a sub-folder per identity, a file is a list), folder, list or recordio")
  @Default.Enum("AUTO")
  InputFormat getFormat();

  void setFormat(InputFormat value);

  @Description(
      "recordio: identity names as '<class index>\\t<name>' lines (default: class-<n>, zero-padded so names sort in class order)")
  String getClassNames();

  void setClassNames(String value);
}
