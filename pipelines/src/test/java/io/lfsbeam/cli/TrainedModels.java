package io.lfsbeam.cli;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.FitConfig;
import io.lfsbeam.train.InMemoryTrainingData;
import io.lfsbeam.train.Trainer;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.loss.GraphLosses;
import java.nio.file.Path;
import java.util.List;

/** Small exported models for command tests. */
final class TrainedModels {
  private TrainedModels() {}

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
