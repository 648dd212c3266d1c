package io.lfsbeam.pipelines;

import io.lfsbeam.search.FixedLoss;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/** Options of {@code lfs train}: one fixed-loss model. */
public interface TrainOptions extends TrainStageOptions, EvalBinOptions, ModernLossOptions {
  @Description("Preprocess output folder")
  @Validation.Required
  String getData();

  void setData(String value);

  @Description(
      "Output folder: train_results.avro, the checkpoint, model/ (SavedModel), test metrics")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description(
      "Loss: softmax, normface, sphereface, cosface, arcface, combined, modulated, or a modern margin: curricularface, adaface, magface, elasticface-arc, elasticface-cos, elasticface-arc-plus, elasticface-cos-plus (each with its own --<loss>... options and scale)")
  @Default.String(FixedLoss.DEFAULT_NAME)
  String getLoss();

  void setLoss(String value);

  @Description(
      "The margin (cosface m, default 0.35; arcface m, default 0.5; sphereface m1, default 4)")
  Double getMargin();

  void setMargin(Double value);

  @Description("combined: m1, m2, m3 as 'm1,m2,m3'")
  @Default.String(FixedLoss.DEFAULT_COMBINED)
  String getCombinedMargins();

  void setCombinedMargins(String value);

  @Description(
      "modulated: the modulating factor a <= 0 of L = -log p + log(1 + |a|(1 - p)) (default -e^(s/3): the search's warm-up value, CosFace-equivalent m = 1/3)")
  Double getModulation();

  void setModulation(Double value);

  @Description("Epochs to train")
  @Default.Integer(10)
  int getEpochs();

  void setEpochs(int value);

  @Description("Seed (initial weights, data order, flips, dropout)")
  @Default.Long(1)
  long getSeed();

  void setSeed(long value);
}
