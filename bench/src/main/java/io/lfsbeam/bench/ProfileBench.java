package io.lfsbeam.bench;

import io.lfsbeam.train.Batch;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.StepProfile;
import io.lfsbeam.train.Trainer;
import io.lfsbeam.train.backbone.BackboneConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step's time goes, per TensorFlow kernel type: the bench {@link TrainBench}
 * times, traced (RunOptions FULL_TRACE) for a few steps after the warm-up, kernel times summed over
 * the traced steps. It is the tool that found what to optimise; {@code lfs bench --what=profile}.
 */
public final class ProfileBench {
  private ProfileBench() {}

  /** Kernel type → [nodes per step, mean microseconds per step], most expensive first. */
  public record Result(
      String preset, int batchSize, double wallMicros, Map<String, double[]> kernels) {}

  public static Result run(
      BackboneConfig backbone, int batchSize, int numClasses, int warmup, int traced, int threads) {
    Batch batch = TrainBench.randomBatch(backbone, batchSize, numClasses, 1);
    Trainer.Builder b =
        Trainer.builder()
            .setBackbone(backbone)
            .setLoss(TrainBench.cosFace())
            .setNumClasses(numClasses)
            .optSeed(1)
            .optDevice(Device.cpu());
    if (threads > 0) {
      b.optThreads(threads);
    }
    try (Trainer trainer = b.build()) {
      for (int i = 0; i < warmup; i++) {
        trainer.trainStep(batch);
      }
      Map<String, double[]> sum = new LinkedHashMap<>();
      double wall = 0;
      for (int i = 0; i < traced; i++) {
        StepProfile p = trainer.profileStep(batch);
        wall += p.wallMicros();
        for (StepProfile.Kernel k : p.kernels()) {
          double[] acc = sum.computeIfAbsent(k.type(), x -> new double[2]);
          acc[0] += k.nodes();
          acc[1] += k.micros();
        }
      }
      Map<String, double[]> mean = new LinkedHashMap<>();
      sum.entrySet().stream()
          .sorted((x, y) -> Double.compare(y.getValue()[1], x.getValue()[1]))
          .forEach(
              e ->
                  mean.put(
                      e.getKey(),
                      new double[] {e.getValue()[0] / traced, e.getValue()[1] / traced}));
      return new Result(backbone.name(), batchSize, wall / traced, mean);
    }
  }

  /** The {@code top} most expensive kernel types and the rest as one row. */
  public static BenchTable table(Result r, int top) {
    double total = r.kernels().values().stream().mapToDouble(v -> v[1]).sum();
    BenchTable t =
        new BenchTable(
            String.format(
                Locale.ROOT,
                "profile: %s, batch %d, traced step %.3f s wall, kernel time summed over threads %.3f s; %s",
                r.preset(),
                r.batchSize(),
                r.wallMicros() / 1e6,
                total / 1e6,
                MachineInfo.oneDnn()),
            "kernel",
            "nodes",
            "ms/step",
            "share");
    int i = 0;
    double rest = 0;
    int restNodes = 0;
    for (Map.Entry<String, double[]> e : r.kernels().entrySet()) {
      if (i++ < top) {
        t.row(
            e.getKey(),
            BenchTable.number(e.getValue()[0]),
            BenchTable.number(e.getValue()[1] / 1e3),
            String.format(Locale.ROOT, "%.1f %%", 100 * e.getValue()[1] / total));
      } else {
        rest += e.getValue()[1];
        restNodes += (int) e.getValue()[0];
      }
    }
    if (rest > 0) {
      t.row(
          "(" + (r.kernels().size() - top) + " other kernel types)",
          restNodes,
          BenchTable.number(rest / 1e3),
          String.format(Locale.ROOT, "%.1f %%", 100 * rest / total));
    }
    return t;
  }
}
