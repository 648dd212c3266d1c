package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parent/child wire forms: job, summary and progress lines. No TensorFlow. */
class TrainingJobTest {
  @TempDir Path dir;

  @Test
  void jobRoundTripsThroughAFile() throws IOException {
    TrainingJob job =
        TrainingJob.builder()
            .data("/d/faces.bin")
            .backbone("resnet20")
            .embeddingSize(256)
            .numClasses(100)
            .loss(TestCosFaceFactory.class, Map.of("classes", "100", "m", "0.35"))
            .scalarFeed("modulating_a", -42.5f)
            .seed(9)
            .device("GPU:1")
            .learningRate(LearningRateSchedule.multiStep(0.1, 0.1, 40, 80).withWarmup(10, 0.1))
            .epochs(3)
            .batchSize(128)
            .resumeAtStep(7)
            .outputCheckpoint("gs://b/c.ckpt")
            .build();
    Path file = dir.resolve("job.properties");
    job.write(file);
    TrainingJob back = TrainingJob.read(file);
    assertEquals("resnet20", back.backbone().name());
    assertEquals(256, back.backbone().embeddingSize());
    assertEquals(Map.of("classes", "100", "m", "0.35"), back.lossParams());
    assertEquals(Map.of("modulating_a", -42.5f), back.scalarFeeds());
    assertEquals("gpu:1", back.device());
    assertEquals(0.01, back.optimizer().learningRate().rate(40), 1e-12);
    assertEquals(0.001, back.optimizer().learningRate().rate(80), 1e-12);
    assertEquals(3, back.fitConfig().epochs());
    assertEquals(128, back.fitConfig().batchSize());
    assertEquals(7, back.fitConfig().resumeAtStep(), "a continued rung resumes in the child too");
    assertEquals("gs://b/c.ckpt", back.outputCheckpoint());
    assertNull(back.startCheckpoint());
    assertThrows(
        IllegalArgumentException.class, () -> TrainingJob.builder().backbone("tiny").build());
  }

  @Test
  void summaryAndProgressSurviveTheirTextForms() {
    TrainingSummary s =
        new TrainingSummary(
            TrainingSummary.Status.NAN,
            "non-finite loss NaN at step 3",
            4,
            0.5,
            2.5,
            Double.NaN,
            123.4,
            "gpu:0",
            1000,
            4000);
    TrainingSummary back = TrainingSummary.fromProperties(s.toProperties());
    assertEquals(s.toString(), back.toString());
    assertEquals(3000, back.wallMillis());

    TrainingProgress p = new TrainingProgress(12, 2, 10, 0.25, 1.5, 0.1, 99.5, 8);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true));
    try {
      TrainingJobMain.printProgress(p);
    } finally {
      System.setOut(old);
    }
    TrainingProgress parsed = TrainingJobMain.parseProgress(buf.toString().trim());
    assertEquals(p.toString(), parsed.toString());
    assertNull(TrainingJobMain.parseProgress("some other child output"));
  }
}
