package io.lfsbeam.bench;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.train.BatchAssembler;
import io.lfsbeam.train.EpochImages;
import io.lfsbeam.train.InMemoryTrainingData;
import io.lfsbeam.train.StreamedTrainingData;
import io.lfsbeam.train.TrainingSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * The train split from memory versus streamed: time to get ready (decode everything, or read the
 * labels), one epoch of batches (flips and normalisation included, no TensorFlow), and the heap the
 * source retains, measured after a full GC, and extrapolated to 100k faces. Synthetic 112×112 faces
 * (smooth shading plus noise, so the PNGs are about the size of real aligned faces).
 */
public final class StreamBench {
  /** What one source measured; {@code retainedBytes} is the heap it holds mid-epoch. */
  public record Result(
      String source,
      int faces,
      double readySeconds,
      double imagesPerSecond,
      long retainedBytes,
      long bytesPer100k) {}

  private static final int SIDE = 112;

  private StreamBench() {}

  /**
   * Measures both sources on the shards {@link #writeShards} wrote under {@code dir} (the streamed
   * one decoding on one thread; {@link DecodeScaling} measures more).
   */
  public static List<Result> run(Path dir, List<String> shards, int shuffleBuffer, int batchSize)
      throws IOException {
    List<Result> out = new ArrayList<>();
    long base = usedHeapAfterGc();
    long t0 = System.nanoTime();
    InMemoryTrainingData memory =
        InMemoryTrainingData.fromAlignedFaces(
            AvroFiles.readAll(dir + "/train-*.avro", AlignedFace.class));
    double ready = (System.nanoTime() - t0) / 1e9;
    long held = usedHeapAfterGc() - base;
    out.add(epoch("in memory", memory, ready, batchSize, base, held * 100_000L / memory.size()));
    memory = null;

    base = usedHeapAfterGc();
    t0 = System.nanoTime();
    StreamedTrainingData streamed =
        StreamedTrainingData.builder().setShards(shards).optShuffleBuffer(shuffleBuffer).build();
    ready = (System.nanoTime() - t0) / 1e9;
    out.add(epoch("streamed, buffer " + shuffleBuffer, streamed, ready, batchSize, base, -1));
    return out;
  }

  /** Times one epoch; the retained heap is measured halfway, when a streamed buffer is full. */
  private static Result epoch(
      String name, TrainingSource data, double ready, int batchSize, long base, long per100k) {
    BatchAssembler batches = new BatchAssembler(data, batchSize, 1, true);
    long retained = 0;
    long measuring = 0;
    long t0 = System.nanoTime();
    try (EpochImages images = data.epoch(1, 0)) {
      for (int i = 0; i < batches.batchesPerEpoch(); i++) {
        batches.next(images, 0, i);
        if (i == batches.batchesPerEpoch() / 2) {
          long g = System.nanoTime();
          retained = usedHeapAfterGc() - base;
          measuring = System.nanoTime() - g;
        }
      }
    }
    double seconds = (System.nanoTime() - t0 - measuring) / 1e9;
    int images = batches.batchesPerEpoch() * batchSize;
    // a streamed source holds the same buffer at any size; in memory grows with the faces
    long perHundredK = per100k >= 0 ? per100k : retained;
    return new Result(name, data.size(), ready, images / seconds, retained, perHundredK);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  public static BenchTable table(List<Result> results, int batchSize) {
    BenchTable t =
        new BenchTable(
            "stream: the train split from memory vs streamed, 112x112, batch "
                + batchSize
                + ", one epoch of batches without TensorFlow (streamed: PNGs decoded on one background thread)",
            "source",
            "faces",
            "ready s",
            "images/s",
            "heap held",
            "per 100k faces");
    for (Result r : results) {
      t.row(
          r.source(),
          String.format(Locale.ROOT, "%,d", r.faces()),
          BenchTable.number(r.readySeconds()),
          BenchTable.number(r.imagesPerSecond()),
          BenchTable.megabytes(r.retainedBytes()),
          BenchTable.megabytes(r.bytesPer100k()));
    }
    return t;
  }

  /** Writes {@code faces} synthetic 112×112 faces into 4 train shards under {@code dir}. */
  public static List<String> writeShards(Path dir, int faces) throws IOException {
    int shards = 4;
    SplittableRandom random = new SplittableRandom(42);
    List<AlignedFace> all = new ArrayList<>();
    for (int i = 0; i < faces; i++) {
      String id = String.format(Locale.ROOT, "f%07d", i);
      all.add(
          AlignedFace.newBuilder()
              .setId(id)
              .setIdentity("id" + i % 100)
              .setLabel(i % 100)
              .setSplit(Split.TRAIN)
              .setSourcePath(id + ".png")
              .setImage(ByteBuffer.wrap(png(random)))
              .setWidth(SIDE)
              .setHeight(SIDE)
              .setAlignment(AlignmentMethod.LANDMARKS)
              .setContentHash("00")
              .build());
    }
    return AvroFiles.writeShards(
        dir.toString(), "train", AlignedFace.getClassSchema(), all, shards);
  }

  private static byte[] png(SplittableRandom random) throws IOException {
    BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
    double cx = SIDE * (0.3 + 0.4 * random.nextDouble());
    double tone = 120 + 80 * random.nextDouble();
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        double shade = tone * (1 - Math.hypot(x - cx, y - SIDE / 2.0) / (1.2 * SIDE));
        int v = (int) Math.max(0, Math.min(255, shade + 12 * (random.nextDouble() - 0.5)));
        img.setRGB(x, y, v << 16 | (int) (v * 0.8) << 8 | (int) (v * 0.65));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
