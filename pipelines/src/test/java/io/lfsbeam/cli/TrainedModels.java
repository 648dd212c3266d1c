package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.synth.SyntheticFaces;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.FitConfig;
import io.lfsbeam.train.InMemoryTrainingData;
import io.lfsbeam.train.Trainer;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.loss.GraphLosses;
import java.nio.file.Path;
import java.util.List;

/** Small preprocessed data sets and exported models for command tests. */
final class TrainedModels {
  private TrainedModels() {}

  /**
   * 16 synthetic identities × 6 faces (128 px, difficulty 0.3) drawn with {@code seed} into {@code
   * dir/synth}, then {@code lfs preprocess} with their landmarks into {@code dir/data}: half the
   * identities train, a quarter each val and test, 3 pairs per fold, one shard per split.
   */
  static Path preprocessedSynthetic(Path dir, long seed) throws Exception {
    Path synth = dir.resolve("synth");
    SyntheticFaces.builder()
        .identities(16)
        .imagesPerIdentity(6)
        .imageSize(128)
        .seed(seed)
        .difficulty(0.3)
        .build()
        .write(synth);
    Path data = dir.resolve("data");
    Lfs quiet = new Lfs(System.out, System.err, List.of(new PreprocessCommand()));
    assertEquals(
        0,
        quiet.run(
            new String[] {
              "preprocess",
              "--input=" + synth,
              "--landmarks=" + synth.resolve("landmarks.txt"),
              "--output=" + data,
              "--pairsPerFold=3",
              "--trainFraction=0.5",
              "--valFraction=0.25",
              "--testFraction=0.25",
              "--shardsPerSplit=1"
            }));
    return data;
  }

  /**
   * {@code tiny} trained with CosFace (s = 16, m = 0.2) for {@code steps} steps of 16 on the train
   * split of a preprocess output, exported as a SavedModel to {@code modelDir}.
   */
  static Path tinyOn(Path data, Path modelDir, int steps) throws Exception {
    List<AlignedFace> train = AvroFiles.readAll(data + "/faces/train-*.avro", AlignedFace.class);
    InMemoryTrainingData trainData = InMemoryTrainingData.fromAlignedFaces(train);
    try (Trainer t =
        Trainer.builder()
            .setBackbone(BackboneConfig.tiny())
            .setLoss(
                GraphLosses.of(
                    LossFamily.COSFACE, LossParams.newBuilder().setScale(16).setM2(0.2).build()))
            .setNumClasses(trainData.numClasses())
            .optSeed(3)
            .optDevice(Device.cpu())
            .build()) {
      t.fit(
          trainData, FitConfig.builder().epochs(1000).maxSteps(steps).batchSize(16).build(), null);
      t.exportSavedModel(modelDir);
    }
    return modelDir;
  }
}
