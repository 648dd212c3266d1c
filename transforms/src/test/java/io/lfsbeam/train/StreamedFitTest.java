package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.train.backbone.BackboneConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same shards trained from memory and streamed, through {@link Trainer#fit}. */
class StreamedFitTest {
  private static final int CLASSES = 8;

  @TempDir Path dir;

  private static TrainingSummary fit(TrainingSource data, long[] epochsCompleted) {
    try (Trainer t =
        Trainer.builder()
            .setBackbone(BackboneConfig.tiny())
            .setLoss(TestLosses.softmax(CLASSES))
            .setNumClasses(CLASSES)
            .optSeed(1)
            .optDevice(Device.cpu())
            .optOptimizer(
                SgdOptimizer.builder().setLearningRate(LearningRateSchedule.constant(0.05)).build())
            .build()) {
      TrainingSummary s =
          t.fit(
              data, FitConfig.builder().maxSteps(30).batchSize(16).logEverySteps(1).build(), null);
      epochsCompleted[0] = t.epochsCompleted();
      return s;
    }
  }

  @Test
  void streamedAndInMemoryDataBothTrain() throws Exception {
    List<String> shards = FaceShards.write(dir, SyntheticFaces.make(CLASSES, 12, 112, 31), 3);
    InMemoryTrainingData memory =
        InMemoryTrainingData.fromAlignedFaces(
            AvroFiles.readAll(dir + "/train-*.avro", AlignedFace.class));
    StreamedTrainingData streamed =
        StreamedTrainingData.builder().setShards(shards).optShuffleBuffer(24).build();
    assertEquals(memory.size(), streamed.size());
    assertEquals(memory.numClasses(), streamed.numClasses());

    for (TrainingSource data : List.of(memory, streamed)) {
      long[] epochs = new long[1];
      TrainingSummary s = fit(data, epochs);
      System.out.println(data + ": " + s);
      assertEquals(TrainingSummary.Status.OK, s.status(), data + ": " + s);
      assertEquals(30, s.steps());
      assertEquals(5, epochs[0], "96 faces in batches of 16 are 6 steps per epoch");
      // the first step is at chance level, ln 8 ≈ 2.08
      assertTrue(s.finalLoss() < 0.5 * s.firstLoss(), data + ": " + s);
    }
  }

  @Test
  void aShardBrokenMidRunFailsTheFitWithItsName() throws Exception {
    List<String> shards = FaceShards.write(dir, SyntheticFaces.make(CLASSES, 4, 112, 32), 2);
    StreamedTrainingData streamed =
        StreamedTrainingData.builder().setShards(shards).optShuffleBuffer(8).build();
    Path broken = Path.of(shards.get(1));
    Files.write(broken, new byte[] {'O', 'b', 'j', 1});
    TrainingSummary s = fit(streamed, new long[1]);
    assertEquals(TrainingSummary.Status.FAILED, s.status());
    assertTrue(s.message().contains(broken.toString()), s.message());
  }
}
