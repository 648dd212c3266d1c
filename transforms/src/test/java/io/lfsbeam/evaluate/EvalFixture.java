package io.lfsbeam.evaluate;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.preprocess.IdentitySplit;
import io.lfsbeam.preprocess.PreprocessConfig;
import io.lfsbeam.preprocess.PreprocessFaces;
import io.lfsbeam.preprocess.WritePreprocessed;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.synth.SyntheticFaces;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.FitConfig;
import io.lfsbeam.train.InMemoryTrainingData;
import io.lfsbeam.train.Trainer;
import io.lfsbeam.train.TrainingSummary;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.loss.GraphLoss;
import io.lfsbeam.train.loss.GraphLosses;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Synthetic faces → preprocess (DirectRunner) → {@code tiny} trained for a few dozen steps on the
 * train split → exported SavedModel: the inputs of an evaluation, made from nothing.
 *
 * <p>16 identities × 6 images, split 8/4/4 by identity; the test split's 4 identities give 10 folds
 * of 3 matched + 3 mismatched pairs.
 */
final class EvalFixture {
  final Path data;
  final Path model;
  final List<AlignedFace> faces;

  private EvalFixture(Path data, Path model, List<AlignedFace> faces) {
    this.data = data;
    this.model = model;
    this.faces = faces;
  }

  static EvalFixture make(Path dir) throws Exception {
    Path synth = dir.resolve("synth");
    SyntheticFaces.builder()
        .identities(16)
        .imagesPerIdentity(6)
        .imageSize(128)
        .seed(7)
        .difficulty(0.3)
        .build()
        .write(synth);
    Path data = dir.resolve("data");
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(
            "Preprocess",
            PreprocessFaces.fromFolder(synth.toString())
                .withLandmarks(synth.resolve(SyntheticFaces.LANDMARKS_FILE).toString())
                .withConfig(
                    PreprocessConfig.defaults()
                        .withMatchedPairsPerFold(3)
                        .withShardsPerSplit(2)
                        .withSeed(5))
                .withSplit(IdentitySplit.byFractions(0.5, 0.25, 0.25, 5)))
        .apply("Write", WritePreprocessed.to(data.toString(), "synth"));
    if (p.run().waitUntilFinish() != PipelineResult.State.DONE) {
      throw new IllegalStateException("preprocess failed");
    }
    List<AlignedFace> faces = AvroFiles.readAll(data + "/faces/*.avro", AlignedFace.class);
    List<AlignedFace> train = faces.stream().filter(f -> f.getSplit() == Split.TRAIN).toList();
    InMemoryTrainingData trainData = InMemoryTrainingData.fromAlignedFaces(train);
    GraphLoss cosFace =
        GraphLosses.of(LossFamily.COSFACE, LossParams.newBuilder().setScale(16).setM2(0.2).build());
    Path model = dir.resolve("model");
    try (Trainer t =
        Trainer.builder()
            .setBackbone(BackboneConfig.tiny())
            .setLoss(cosFace)
            .setNumClasses(trainData.numClasses())
            .optSeed(3)
            .optDevice(Device.cpu())
            .build()) {
      TrainingSummary s =
          t.fit(
              trainData, FitConfig.builder().epochs(100).maxSteps(30).batchSize(16).build(), null);
      if (s.status() != TrainingSummary.Status.OK) {
        throw new IllegalStateException("training failed: " + s);
      }
      t.exportSavedModel(model);
    }
    return new EvalFixture(data, model, faces);
  }
}
