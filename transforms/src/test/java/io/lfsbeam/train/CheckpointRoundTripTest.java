package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.checkpoint.Checkpoint;
import io.lfsbeam.train.checkpoint.CheckpointIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save → restore gives the same variables and the same next step; damage is reported, not loaded.
 */
class CheckpointRoundTripTest {
  private static final int CLASSES = 8;

  @TempDir Path dir;

  private static Trainer trainer(long seed) {
    return Trainer.builder()
        .setBackbone(BackboneConfig.tiny())
        .setLoss(TestLosses.cosFace(CLASSES, 16f, 0.2f))
        .setNumClasses(CLASSES)
        .optSeed(seed)
        .optDevice(Device.cpu())
        .build();
  }

  @Test
  void restoredTrainerHasIdenticalVariablesAndNextStepLoss() throws IOException {
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 8, 112, 5);
    String uri = dir.resolve("run/ckpt.bin").toString();
    try (Trainer a = trainer(1);
        Trainer b = trainer(2)) {
      assertEquals(
          TrainingSummary.Status.OK,
          a.fit(data, FitConfig.builder().maxSteps(6).batchSize(16).build(), null).status());
      a.saveCheckpoint(uri);
      Checkpoint before = a.checkpoint();
      assertTrue(
          before.tensors().keySet().stream().anyMatch(n -> n.endsWith("/momentum")),
          "momentum slots are saved");
      assertTrue(
          before.tensors().keySet().stream().anyMatch(n -> n.endsWith("/moving_mean")),
          "BN statistics are saved");

      assertNotEquals(before.step(), b.step());
      b.restoreCheckpoint(uri);
      Checkpoint restored = b.checkpoint();
      assertEquals(6, b.step());
      assertEquals(before.tensors().keySet(), restored.tensors().keySet());
      for (Map.Entry<String, Checkpoint.Tensor> e : before.tensors().entrySet()) {
        assertArrayEquals(
            e.getValue().values(), restored.tensor(e.getKey()).values(), 0f, e.getKey());
      }

      Batch next = new BatchAssembler(data, 16, 9, true).next(data.epoch(9, 0), 0, 0);
      assertEquals(a.loss(next), b.loss(next), 1e-6f, "same weights, same batch, same loss");
      float stepA = a.trainStep(next);
      float stepB = b.trainStep(next);
      assertEquals(stepA, stepB, 1e-6f);
      float afterA = a.loss(next);
      assertEquals(
          afterA,
          b.loss(next),
          1e-5f * Math.max(1f, Math.abs(afterA)),
          "identical update from identical momentum");
    }
  }

  @Test
  void damagedCheckpointFailsWithAClearError() throws IOException {
    Path file = dir.resolve("ckpt.bin");
    try (Trainer a = trainer(1)) {
      a.saveCheckpoint(file.toString());
    }
    byte[] bytes = Files.readAllBytes(file);

    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 0x10;
    Path damaged = dir.resolve("damaged.bin");
    Files.write(damaged, flipped);
    IOException e1 = assertThrows(IOException.class, () -> CheckpointIO.read(damaged.toString()));
    assertTrue(
        e1.getMessage().contains("damaged") && e1.getMessage().contains("SHA-256"),
        e1.getMessage());

    Path truncated = dir.resolve("truncated.bin");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
    IOException e2 = assertThrows(IOException.class, () -> CheckpointIO.read(truncated.toString()));
    assertTrue(e2.getMessage().contains("damaged"), e2.getMessage());

    try (Trainer b = trainer(2)) {
      assertThrows(IOException.class, () -> b.restoreCheckpoint(damaged.toString()));
      assertEquals(0, b.step(), "a failed restore changes nothing");
    }
  }
}
