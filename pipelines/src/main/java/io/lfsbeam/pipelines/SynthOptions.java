package io.lfsbeam.pipelines;

import io.lfsbeam.synth.ImageFormat;
import io.lfsbeam.synth.Nuisance;
import io.lfsbeam.synth.SyntheticFaces;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of {@code lfs synth}: procedural faces with exact landmarks. */
public interface SynthOptions extends PipelineOptions {
  @Description(
      "Folder to write <identity>/<n>.<format>, landmarks.txt, corrupt.txt and contact_sheet.png into")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("Number of identities (people)")
  @Default.Integer(20)
  int getIdentities();

  void setIdentities(int value);

  @Description("Images per identity")
  @Default.Integer(SyntheticFaces.DEFAULT_IMAGES_PER_IDENTITY)
  int getImagesPerIdentity();

  void setImagesPerIdentity(int value);

  @Description("Width and height of each image in pixels")
  @Default.Integer(SyntheticFaces.DEFAULT_IMAGE_SIZE)
  int getImageSize();

  void setImageSize(int value);

  @Description("Seed: the same seed writes byte-identical files")
  @Default.Long(7)
  long getSeed();

  void setSeed(long value);

  @Description("Nuisance strength in [0, 1]: rotation, scale, lighting, noise, occluders")
  @Default.Double(Nuisance.DEFAULT_DIFFICULTY)
  double getDifficulty();

  void setDifficulty(double value);

  @Description("Image format: png or jpg")
  @Default.Enum("PNG")
  ImageFormat getFormat();

  void setFormat(ImageFormat value);

  @Description(
      "Fraction of extra broken files (zero bytes, truncated, not an image, huge header) for reliability tests, listed in corrupt.txt")
  @Default.Double(0.0)
  double getCorruptFraction();

  void setCorruptFraction(double value);
}
