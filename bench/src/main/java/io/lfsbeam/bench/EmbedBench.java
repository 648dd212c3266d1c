package io.lfsbeam.bench;

import io.lfsbeam.evaluate.Embedder;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.Trainer;
import io.lfsbeam.train.backbone.BackboneConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Embedding throughput of a backbone on the path evaluation uses: a SavedModel exported by the
 * trainer (random weights: the speed does not depend on them), loaded through DJL by {@link
 * Embedder}, fed normalised 112×112 faces in batches. One warm-up batch (DJL and TensorFlow
 * allocate and optimise on the first call) is excluded; the figure is the median batch.
 */
public final class EmbedBench {
  /**
   * Faces per second of one preset; {@code loadMillis} is the DJL model load, {@code exportMillis}
   * the export.
   */
  public record Result(
      String preset,
      int batchSize,
      int batches,
      double facesPerSecond,
      double exportMillis,
      double loadMillis) {}

  private EmbedBench() {}

  /**
   * Exports {@code backbone} into a temporary folder (deleted afterwards) and times {@code batches}
   * batches.
   */
  public static Result run(BackboneConfig backbone, int batchSize, int batches) throws IOException {
    if (batchSize < 1 || batches < 1) {
      throw new IllegalArgumentException("batch size and batches must be positive");
    }
    Path dir = Files.createTempDirectory("lfs-bench-embed-");
    try {
      Path model = dir.resolve(backbone.name());
      long t0 = System.nanoTime();
      try (Trainer t =
          Trainer.builder()
              .setBackbone(backbone)
              .setLoss(TrainBench.cosFace())
              .setNumClasses(10)
              .optSeed(3)
              .optDevice(Device.cpu())
              .build()) {
        t.exportSavedModel(model);
      }
      double exportMillis = (System.nanoTime() - t0) / 1e6;
      long t1 = System.nanoTime();
      try (Embedder embedder = Embedder.load(model)) {
        double loadMillis = (System.nanoTime() - t1) / 1e6;
        float[] pixels = randomPixels(batchSize * embedder.height() * embedder.width() * 3);
        embedder.embedNormalized(pixels, batchSize);
        double[] times = new double[batches];
        for (int i = 0; i < batches; i++) {
          long s = System.nanoTime();
          float[][] e = embedder.embedNormalized(pixels, batchSize);
          times[i] = (System.nanoTime() - s) / 1e9;
          if (e.length != batchSize) {
            throw new IllegalStateException(
                "embedder returned " + e.length + " rows for " + batchSize);
          }
        }
        return new Result(
            backbone.name(),
            batchSize,
            batches,
            batchSize / Stats.median(times),
            exportMillis,
            loadMillis);
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  /** The figures of several presets as one table. */
  public static BenchTable table(List<Result> results) {
    BenchTable t =
        new BenchTable(
            "embed: exported SavedModel through DJL (Embedder), random weights, median batch",
            "preset",
            "batch",
            "faces/s",
            "export ms",
            "load ms");
    for (Result r : results) {
      t.row(
          r.preset(),
          r.batchSize(),
          BenchTable.number(r.facesPerSecond()),
          BenchTable.number(r.exportMillis()),
          BenchTable.number(r.loadMillis()));
    }
    return t;
  }

  private static float[] randomPixels(int n) {
    SplittableRandom r = new SplittableRandom(5);
    float[] p = new float[n];
    for (int i = 0; i < n; i++) {
      p[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return p;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
