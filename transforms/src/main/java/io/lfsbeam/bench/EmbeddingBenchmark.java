package io.lfsbeam.bench;

import io.lfsbeam.evaluate.EmbedBatch;
import io.lfsbeam.evaluate.Embedder;
import io.lfsbeam.image.PngEncoder;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.InMemoryTrainingData;
import io.lfsbeam.train.Trainer;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.loss.GraphLoss;
import io.lfsbeam.train.loss.GraphLosses;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures embedding throughput of an exported backbone on this machine, for a {@code bench}
 * command: a SavedModel with random weights (throughput does not depend on the weights) is
 * exported, loaded through DJL, and fed random 112×112 faces. Two rates are reported: the model
 * alone on decoded pixels, and the evaluation path ({@link EmbedBatch}: PNG decode + embed). One
 * warm-up batch is excluded. Not a test: timing on a shared machine is reported, never asserted.
 *
 * <pre>
 * java -cp 'pipelines/target/lfs.jar:pipelines/target/lib/*' io.lfsbeam.bench.EmbeddingBenchmark tiny resnet20
 * </pre>
 */
public final class EmbeddingBenchmark {
  private EmbeddingBenchmark() {}

  /** Faces per second of one backbone, and the model load time. */
  public record Throughput(
      String backbone,
      int faces,
      int batchSize,
      boolean flipFusion,
      double loadMillis,
      double modelFacesPerSecond,
      double endToEndFacesPerSecond) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s: %.1f faces/s model only, %.1f faces/s with PNG decode (%d faces, batch %d%s; load %.0f ms)",
          backbone,
          modelFacesPerSecond,
          endToEndFacesPerSecond,
          faces,
          batchSize,
          flipFusion ? ", flip fusion" : "",
          loadMillis);
    }
  }

  /**
   * @param workDir an empty or absent folder for the exported model (left in place)
   */
  public static Throughput measure(
      BackboneConfig backbone, int faces, int batchSize, boolean flipFusion, Path workDir)
      throws IOException {
    if (faces < 1 || batchSize < 1) {
      throw new IllegalArgumentException("faces and batch size must be ≥ 1");
    }
    Path model = workDir.resolve("model-" + backbone.name());
    GraphLoss normFace = GraphLosses.of(LossFamily.NORMFACE, LossParams.newBuilder().build());
    try (Trainer t =
        Trainer.builder()
            .setBackbone(backbone)
            .setLoss(normFace)
            .setNumClasses(2)
            .optSeed(1)
            .optDevice(Device.cpu())
            .build()) {
      t.exportSavedModel(model);
    }
    List<AlignedFace> data =
        randomFaces(faces + batchSize, backbone.inputHeight(), backbone.inputWidth());
    long t0 = System.nanoTime();
    try (Embedder embedder = Embedder.load(model)) {
      double loadMillis = (System.nanoTime() - t0) / 1e6;
      List<byte[]> rgb = new ArrayList<>();
      for (AlignedFace f : data) {
        rgb.add(rgb(f));
      }
      embedder.embed(
          rgb.subList(0, batchSize), flipFusion); // warm-up: graph optimisation, allocations
      long m0 = System.nanoTime();
      for (int s = batchSize; s < rgb.size(); s += batchSize) {
        embedder.embed(rgb.subList(s, Math.min(rgb.size(), s + batchSize)), flipFusion);
      }
      double modelRate = faces / ((System.nanoTime() - m0) / 1e9);
      long e0 = System.nanoTime();
      for (int s = batchSize; s < data.size(); s += batchSize) {
        EmbedBatch.embed(
            embedder, data.subList(s, Math.min(data.size(), s + batchSize)), flipFusion);
      }
      double endToEndRate = faces / ((System.nanoTime() - e0) / 1e9);
      return new Throughput(
          backbone.name(), faces, batchSize, flipFusion, loadMillis, modelRate, endToEndRate);
    }
  }

  private static byte[] rgb(AlignedFace f) throws IOException {
    ByteBuffer b = f.getImage();
    byte[] png = new byte[b.remaining()];
    b.duplicate().get(png);
    return InMemoryTrainingData.decodeRgb(png, f.getHeight(), f.getWidth());
  }

  /**
   * Smooth random images (noise PNGs would not compress like faces and would skew the decode time).
   */
  static List<AlignedFace> randomFaces(int n, int height, int width) {
    SplittableRandom random = new SplittableRandom(7);
    List<AlignedFace> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] px = new byte[height * width * 3];
      double fx = random.nextDouble() * 0.2;
      double fy = random.nextDouble() * 0.2;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int v = (int) (127 + 100 * Math.sin(fx * x) * Math.cos(fy * y)) + random.nextInt(8);
          int o = (y * width + x) * 3;
          px[o] = (byte) v;
          px[o + 1] = (byte) (v * 0.8);
          px[o + 2] = (byte) (v * 0.6);
        }
      }
      out.add(
          AlignedFace.newBuilder()
              .setId("f" + i)
              .setIdentity("id" + (i % 10))
              .setLabel(i % 10)
              .setSplit(Split.TEST)
              .setSourcePath("bench/" + i + ".png")
              .setImageNumber(i / 10 + 1)
              .setImage(ByteBuffer.wrap(PngEncoder.encode(px, width, height)))
              .setWidth(width)
              .setHeight(height)
              .setAlignment(AlignmentMethod.LANDMARKS)
              .setContentHash("bench" + i)
              .build());
    }
    return out;
  }

  /**
   * Measures the named presets (default {@code tiny resnet20}) on 256 faces in batches of 64 and
   * prints them.
   */
  public static void main(String[] args) throws IOException {
    String[] names = args.length == 0 ? new String[] {"tiny", "resnet20"} : args;
    Path dir = Files.createTempDirectory("lfs-embedding-bench");
    for (String name : names) {
      System.out.println(measure(BackboneConfig.preset(name), 256, 64, false, dir));
    }
  }
}
