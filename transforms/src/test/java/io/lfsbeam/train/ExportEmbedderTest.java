package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lfsbeam.evaluate.Embedder;
import io.lfsbeam.metrics.Embeddings;
import io.lfsbeam.train.backbone.BackboneConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SavedModel loaded by DJL reproduces the training graph's inference path. */
class ExportEmbedderTest {
  private static final int CLASSES = 8;

  @TempDir Path dir;

  @Test
  void djlEmbeddingsMatchTheTrainingGraph() throws IOException {
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 4, 112, 11);
    try (Trainer trainer =
        Trainer.builder()
            .setBackbone(BackboneConfig.tiny())
            .setLoss(TestLosses.cosFace(CLASSES, 16f, 0.2f))
            .setNumClasses(CLASSES)
            .optSeed(4)
            .optDevice(Device.cpu())
            .build()) {
      // some steps so that weights and BatchNorm moving statistics are far from their initial
      // values
      assertEquals(
          TrainingSummary.Status.OK,
          trainer.fit(data, FitConfig.builder().maxSteps(8).batchSize(16).build(), null).status());
      Path model = dir.resolve("model");
      trainer.exportSavedModel(model);

      int n = 6;
      int per = data.imageBytes();
      List<byte[]> images = new ArrayList<>();
      float[] plain = new float[n * per];
      float[] mirrored = new float[n * per];
      for (int i = 0; i < n; i++) {
        byte[] img = new byte[per];
        data.copyPixels(i, img, 0);
        images.add(img);
        BatchAssembler.normalize(img, plain, i * per, 112, 112, false);
        BatchAssembler.normalize(img, mirrored, i * per, 112, 112, true);
      }
      float[][] rawPlain = trainer.embed(plain, n);
      float[][] rawMirrored = trainer.embed(mirrored, n);

      try (Embedder embedder = Embedder.load(model)) {
        assertEquals(112, embedder.height());
        float[][] single = embedder.embed(images, false);
        float[][] fused = embedder.embed(images, true);
        float[][] fromFloats = embedder.embedNormalized(plain, n);
        double[][] raw = embedder.embedRaw(images, false);
        double[][] rawFused = embedder.embedRaw(images, true);
        for (int i = 0; i < n; i++) {
          float[] expected = Embedder.normalize(rawPlain[i]);
          float[] sum = rawPlain[i].clone();
          for (int d = 0; d < sum.length; d++) {
            sum[d] += rawMirrored[i][d];
          }
          float[] expectedFused = Embedder.normalize(sum);
          assertEquals(128, single[i].length);
          // the norms lfs embed records: of the training session's raw (and summed) embeddings
          assertEquals(norm(rawPlain[i]), Embeddings.norm(raw[i]), 1e-4 * norm(rawPlain[i]));
          assertEquals(norm(sum), Embeddings.norm(rawFused[i]), 1e-4 * norm(sum));
          for (int d = 0; d < expected.length; d++) {
            assertEquals(expected[d], single[i][d], 1e-5f, "image " + i + " dim " + d);
            assertEquals(expected[d], fromFloats[i][d], 1e-5f);
            assertEquals(
                expectedFused[d], fused[i][d], 1e-5f, "flip fusion, image " + i + " dim " + d);
          }
        }
      }
      assertThrows(
          IOException.class, () -> trainer.exportSavedModel(model), "refuses to overwrite a model");
      Files.createDirectories(dir.resolve("empty"));
      trainer.exportSavedModel(dir.resolve("empty"));
    }
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }
}
