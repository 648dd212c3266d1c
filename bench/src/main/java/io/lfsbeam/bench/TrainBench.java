package io.lfsbeam.bench;

import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.search.FixedLoss;
import io.lfsbeam.search.policy.GaussianPolicy;
import io.lfsbeam.train.Batch;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.Trainer;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.loss.GraphLoss;
import io.lfsbeam.train.loss.GraphLosses;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training throughput of one backbone preset: CosFace (s 32, m 0.35) on random normalised images,
 * SGD with momentum, on the CPU unless a device is given. Warm-up steps (TensorFlow optimises the
 * graph and allocates its buffers on the first run) are excluded; the figure is the median step of
 * the timed ones, which discards the odd step slowed by other processes on a shared machine. The
 * process CPU seconds per step are reported too: on a busy machine they stay put while the wall
 * time grows, and they compare directly with {@code bench/train_reference.py}.
 *
 * <p>Each preset also gets its FLOPs per image, counted from the training graph (forward and
 * training step; formulas in {@code io.lfsbeam.train.GraphFlops}: 2 FLOPs per multiply–add of every
 * convolution and matrix product, both gradients included), the achieved GFLOP/s (training FLOPs
 * per image × images/s) and that as a fraction of the machine's FP32 peak ({@link CpuPeak}: cores ×
 * clock × FLOP per cycle from the CPU flags, printed with its inputs).
 */
public final class TrainBench {
  /** What one preset measured. {@code peakRssBytes} is −1 where /proc is unavailable. */
  public record Result(
      String preset,
      int batchSize,
      int threads,
      long parameters,
      double medianStepSeconds,
      double imagesPerSecond,
      double cpuSecondsPerStep,
      long peakRssBytes,
      double firstStepSeconds,
      long forwardFlopsPerImage,
      long trainingFlopsPerImage) {

    /** Achieved FLOP/s of the training step, in units of 1e9 (see {@link #run}). */
    public double gigaflops() {
      return trainingFlopsPerImage * imagesPerSecond / 1e9;
    }
  }

  private final int batchSize;
  private final int warmupSteps;
  private final int steps;
  private final int numClasses;
  private final int threads;
  private final Device device;

  private TrainBench(
      int batchSize, int warmupSteps, int steps, int numClasses, int threads, Device device) {
    if (batchSize < 2 || warmupSteps < 0 || steps < 1 || numClasses < 2 || threads < 0) {
      throw new IllegalArgumentException(
          "batch ≥ 2, warm-up ≥ 0, steps ≥ 1, classes ≥ 2 and threads ≥ 0 are required");
    }
    this.batchSize = batchSize;
    this.warmupSteps = warmupSteps;
    this.steps = steps;
    this.numClasses = numClasses;
    this.threads = threads;
    this.device = device;
  }

  /** Batch 64, 2 warm-up and 5 timed steps, 1,000 classes, TensorFlow's default threads, CPU. */
  public static TrainBench create() {
    return new TrainBench(64, 2, 5, 1000, 0, Device.cpu());
  }

  public TrainBench withBatchSize(int v) {
    return new TrainBench(v, warmupSteps, steps, numClasses, threads, device);
  }

  public TrainBench withWarmupSteps(int v) {
    return new TrainBench(batchSize, v, steps, numClasses, threads, device);
  }

  public TrainBench withSteps(int v) {
    return new TrainBench(batchSize, warmupSteps, v, numClasses, threads, device);
  }

  public TrainBench withNumClasses(int v) {
    return new TrainBench(batchSize, warmupSteps, steps, v, threads, device);
  }

  /** Threads for TensorFlow's op pools; 0 keeps the trainer's default. */
  public TrainBench withThreads(int v) {
    return new TrainBench(batchSize, warmupSteps, steps, numClasses, v, device);
  }

  public TrainBench withDevice(Device v) {
    return new TrainBench(batchSize, warmupSteps, steps, numClasses, threads, v);
  }

  /**
   * The CosFace the paper's baselines use (s = 32, m = 0.35), through the project's graph losses.
   */
  static GraphLoss cosFace() {
    return GraphLosses.of(
        LossFamily.COSFACE,
        LossParams.newBuilder()
            .setScale(GaussianPolicy.DEFAULT_SCALE)
            .setM2(FixedLoss.DEFAULT_COSFACE_M)
            .build());
  }

  public Result run(BackboneConfig backbone) {
    Batch batch = randomBatch(backbone, batchSize, numClasses, 1);
    MachineInfo.resetPeakRss();
    Trainer.Builder b =
        Trainer.builder()
            .setBackbone(backbone)
            .setLoss(cosFace())
            .setNumClasses(numClasses)
            .optSeed(1)
            .optDevice(device);
    if (threads > 0) {
      b.optThreads(threads);
    }
    try (Trainer trainer = b.build()) {
      long t0 = System.nanoTime();
      float loss = trainer.trainStep(batch);
      double first = (System.nanoTime() - t0) / 1e9;
      for (int i = 1; i < warmupSteps; i++) {
        loss = trainer.trainStep(batch);
      }
      double[] times = new double[steps];
      double[] cpu = new double[steps];
      for (int i = 0; i < steps; i++) {
        long c = MachineInfo.processCpuNanos();
        long s = System.nanoTime();
        loss = trainer.trainStep(batch);
        times[i] = (System.nanoTime() - s) / 1e9;
        cpu[i] = (MachineInfo.processCpuNanos() - c) / 1e9;
      }
      if (!Float.isFinite(loss)) {
        throw new IllegalStateException(backbone.name() + " produced a non-finite loss " + loss);
      }
      double median = Stats.median(times);
      // Weights, BatchNorm statistics and the head; momentum slots double the count and are left
      // out.
      long params =
          trainer.checkpoint().tensors().entrySet().stream()
              .filter(e -> !e.getKey().endsWith("/momentum"))
              .mapToLong(e -> e.getValue().values().length)
              .sum();
      return new Result(
          backbone.name(),
          batchSize,
          threads,
          params,
          median,
          batchSize / median,
          Stats.median(cpu),
          MachineInfo.peakRssBytes().orElse(-1),
          first,
          trainer.forwardFlopsPerImage(),
          trainer.trainingFlopsPerImage());
    }
  }

  /** The figures of several presets as one table, with the peak they are measured against. */
  public static BenchTable table(List<Result> results, int threads) {
    CpuPeak peak = CpuPeak.detect();
    BenchTable t =
        new BenchTable(
            "train: CosFace (s 32, m 0.35), SGD momentum, random 112x112 images, threads "
                + (threads == 0 ? "default (all cores)" : threads)
                + ", "
                + MachineInfo.oneDnn()
                + "; median step after warm-up\n"
                + peak.describe(),
            "preset",
            "batch",
            "parameters",
            "step s",
            "images/s",
            "CPU s/step",
            "first step s",
            "peak RSS",
            "GFLOP/img fwd",
            "GFLOP/img train",
            "GFLOP/s",
            "of peak");
    for (Result r : results) {
      t.row(
          r.preset(),
          r.batchSize(),
          String.format(Locale.ROOT, "%,d", r.parameters()),
          BenchTable.number(r.medianStepSeconds()),
          BenchTable.number(r.imagesPerSecond()),
          BenchTable.number(r.cpuSecondsPerStep()),
          BenchTable.number(r.firstStepSeconds()),
          BenchTable.megabytes(r.peakRssBytes()),
          BenchTable.number(r.forwardFlopsPerImage() / 1e9),
          BenchTable.number(r.trainingFlopsPerImage() / 1e9),
          BenchTable.number(r.gigaflops()),
          peak.gigaflops() > 0
              ? String.format(Locale.ROOT, "%.0f %%", 100 * r.gigaflops() / peak.gigaflops())
              : "n/a");
    }
    return t;
  }

  /** Normalised pixels uniform in [−1, 1) and labels spread over the classes; deterministic. */
  static Batch randomBatch(BackboneConfig backbone, int size, int numClasses, long seed) {
    int h = backbone.inputHeight(), w = backbone.inputWidth();
    SplittableRandom r = new SplittableRandom(seed);
    float[] pixels = new float[size * h * w * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) (r.nextDouble() * 2 - 1);
    }
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      labels[i] = r.nextInt(numClasses);
    }
    return new Batch(pixels, labels, h, w);
  }
}
