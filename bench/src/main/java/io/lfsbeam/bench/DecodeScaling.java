package io.lfsbeam.bench;

import io.lfsbeam.train.EpochImages;
import io.lfsbeam.train.StreamedTrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the streamed train split's decoding scales with threads: faces per second handed out by one
 * epoch of {@link StreamedTrainingData} (read, PNG decode, shuffle buffer; no batch assembly and no
 * TensorFlow) for 1, 2, … decoder threads, and how many cores would feed a GPU's rate.
 *
 * <p>Scaling efficiency at N threads = rate(N) / (N · rate(1)): 100 % is linear. The cores needed
 * for a target rate R are ⌈R / c⌉ with c the faces per CPU-second measured at the most threads: the
 * CPU time a face costs, all threads counted, so the figure holds on a machine whose cores the
 * threads actually get (a loaded machine lowers faces/s but hardly the CPU cost); they are decoding
 * cores, on top of what the training thread itself uses.
 *
 * <p>Each count is timed over {@link #REPEATS} epochs after one untimed warm-up epoch, and the best
 * is kept: on a shared machine the slower epochs measure the neighbours. Faces per CPU-second (this
 * process's CPU time over the same epoch) is printed beside it: it does not drop when another
 * process takes the cores, so it tells contention from a real scaling loss.
 */
public final class DecodeScaling {
  /** Timed epochs per thread count; the fastest is reported. */
  public static final int REPEATS = 3;

  /** Rates a GPU wants, for the "cores to feed" line. */
  static final int[] TARGETS = {2_000, 5_000};

  /** One thread count: best faces/s over the epochs, and faces per second of process CPU time. */
  public record Point(int threads, double facesPerSecond, double facesPerCpuSecond) {}

  private DecodeScaling() {}

  /** Times epochs of the shards with 1 … {@code maxThreads} decoder threads. */
  public static List<Point> run(List<String> shards, int shuffleBuffer, int maxThreads)
      throws IOException {
    List<Point> out = new ArrayList<>();
    epoch(source(shards, shuffleBuffer, maxThreads), 0); // warm-up: JIT, page cache
    for (int threads = 1; threads <= maxThreads; threads++) {
      StreamedTrainingData source = source(shards, shuffleBuffer, threads);
      double best = 0;
      double bestPerCpu = 0;
      for (int r = 0; r < REPEATS; r++) {
        long cpu0 = MachineInfo.processCpuNanos();
        long t0 = System.nanoTime();
        epoch(source, r + 1);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (MachineInfo.processCpuNanos() - cpu0) / 1e9;
        if (source.size() / seconds > best) {
          best = source.size() / seconds;
          bestPerCpu = cpuSeconds > 0 ? source.size() / cpuSeconds : Double.NaN;
        }
      }
      out.add(new Point(threads, best, bestPerCpu));
    }
    return out;
  }

  private static StreamedTrainingData source(List<String> shards, int buffer, int threads)
      throws IOException {
    return StreamedTrainingData.builder()
        .setShards(shards)
        .optShuffleBuffer(buffer)
        .optDecodeThreads(threads)
        .build();
  }

  private static void epoch(StreamedTrainingData source, long epoch) {
    byte[] face = new byte[source.imageBytes()];
    try (EpochImages images = source.epoch(1, epoch)) {
      for (int i = 0; i < source.size(); i++) {
        images.next(face, 0);
      }
    }
  }

  /** rate(N) / (N · rate(1)). */
  public static double efficiency(List<Point> points, Point p) {
    return p.facesPerSecond() / (p.threads() * points.get(0).facesPerSecond());
  }

  /**
   * Decoding cores that would deliver {@code facesPerSecond}, at the CPU cost per face measured
   * with the most threads.
   */
  public static int coresFor(List<Point> points, double facesPerSecond) {
    Point last = points.get(points.size() - 1);
    double perCore = perCore(last);
    return (int) Math.ceil(facesPerSecond / perCore);
  }

  /** Faces per CPU-second; faces/s per thread where the JVM cannot tell its CPU time. */
  private static double perCore(Point p) {
    return Double.isNaN(p.facesPerCpuSecond())
        ? p.facesPerSecond() / p.threads()
        : p.facesPerCpuSecond();
  }

  public static BenchTable table(List<Point> points, int faces, int shuffleBuffer) {
    BenchTable t =
        new BenchTable(
            String.format(
                Locale.ROOT,
                "stream decode scaling: one epoch of %,d streamed 112x112 faces (shuffle buffer %,d, no"
                    + " batch assembly), best of %d epochs per thread count",
                faces,
                shuffleBuffer,
                REPEATS),
            "decode threads",
            "faces/s",
            "per thread",
            "scaling",
            "faces per CPU-s");
    for (Point p : points) {
      t.row(
          p.threads(),
          BenchTable.number(p.facesPerSecond()),
          BenchTable.number(p.facesPerSecond() / p.threads()),
          String.format(Locale.ROOT, "%.0f %%", 100 * efficiency(points, p)),
          BenchTable.number(p.facesPerCpuSecond()));
    }
    return t;
  }

  /** The line saying how many cores would feed a GPU's appetite. */
  public static void printFeedLine(List<Point> points, PrintStream out) {
    Point last = points.get(points.size() - 1);
    StringBuilder b = new StringBuilder("to feed");
    for (int i = 0; i < TARGETS.length; i++) {
      int cores = coresFor(points, TARGETS[i]);
      b.append(i == 0 ? " " : ", ")
          .append(String.format(Locale.ROOT, "%,d img/s: %d decoding core", TARGETS[i], cores))
          .append(cores == 1 ? "" : "s");
    }
    out.println(
        b.append(
                String.format(
                    Locale.ROOT,
                    " (at %s faces per CPU-second, measured with %d decode thread%s; plus the"
                        + " training thread)",
                    BenchTable.number(perCore(last)),
                    last.threads(),
                    last.threads() == 1 ? "" : "s"))
            .toString());
    out.println();
  }
}
