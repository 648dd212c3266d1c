package io.lfsbeam.bench;

import io.lfsbeam.synth.SyntheticFaces;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code lfs bench scale}: how preprocess scales with the dataset. For each size it draws a
 * synthetic set once into a cache folder (reused by later calls), runs preprocess on it as a child
 * process — exactly as a user would run the command line — and records the child's wall time, faces
 * per second and peak RSS (its /proc VmHWM, sampled until it exits). Flat faces/s and a flat peak
 * RSS across sizes mean the run holds bounded state; the figures are printed, never asserted.
 */
public final class ScaleBench {
  /** Images per synthetic identity: the LFW-like shape of the 10k set (1,000 × 10). */
  public static final int IMAGES_PER_IDENTITY = 10;

  /** Seed of the cached sets, so every call measures the same faces. */
  public static final long SEED = 16;

  private static final long SAMPLE_MILLIS = 100;

  private ScaleBench() {}

  /** Builds the child's command line for one run: input folder and output folder in. */
  @FunctionalInterface
  public interface Launcher {
    List<String> command(Path faces, Path output);
  }

  /** One child run. */
  public record Result(
      String label,
      int faces,
      double wallSeconds,
      double cpuSeconds,
      long peakRssBytes,
      long heapAfterGcBytes,
      int exit) {
    public double facesPerSecond() {
      return faces / wallSeconds;
    }
  }

  /**
   * The cached synthetic set of {@code faces} faces (a multiple of {@value #IMAGES_PER_IDENTITY}),
   * drawn on first use; a set whose drawing was interrupted is drawn again.
   */
  public static Path cachedFaces(Path cache, int faces, PrintStream log) throws IOException {
    if (faces < IMAGES_PER_IDENTITY || faces % IMAGES_PER_IDENTITY != 0) {
      throw new IllegalArgumentException(
          "sizes must be multiples of " + IMAGES_PER_IDENTITY + ", got " + faces);
    }
    Path dir = cache.resolve(String.format(Locale.ROOT, "faces-%d", faces));
    Path done = dir.resolve(".complete");
    if (Files.exists(done)) {
      return dir;
    }
    log.printf(Locale.ROOT, "scale: drawing %,d synthetic faces into %s (once)%n", faces, dir);
    long start = System.nanoTime();
    SyntheticFaces.builder()
        .identities(faces / IMAGES_PER_IDENTITY)
        .imagesPerIdentity(IMAGES_PER_IDENTITY)
        .seed(SEED)
        .progressEvery(Math.max(1, faces / IMAGES_PER_IDENTITY / 10))
        .build()
        .write(dir);
    double s = (System.nanoTime() - start) / 1e9;
    log.printf(Locale.ROOT, "scale: drawn in %.0f s (%.0f faces/s)%n", s, faces / s);
    Files.writeString(done, faces + "\n", StandardCharsets.UTF_8);
    return dir;
  }

  /**
   * Runs the child for one size, its output (deleted first) under {@code work}; the child's output
   * goes to {@code <work>/<label>.log}.
   */
  public static Result run(String label, int faces, Path input, Path work, Launcher launcher)
      throws IOException {
    Path output = work.resolve(label);
    deleteRecursively(output);
    Files.createDirectories(work);
    Path logFile = work.resolve(label + ".log");
    Files.deleteIfExists(gcLog(work, label));
    List<String> cmd = launcher.command(input, output);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
    long start = System.nanoTime();
    Process child = pb.start();
    long peak = 0;
    double cpu = Double.NaN;
    try {
      while (!child.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
        OptionalLong hwm = MachineInfo.peakRssBytes(child.pid());
        if (hwm.isPresent()) {
          peak = Math.max(peak, hwm.getAsLong());
        }
        // a process's CPU time can only be read while it lives: keep the last sample
        cpu = child.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(cpu);
      }
    } catch (InterruptedException e) {
      child.destroy();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + label + " ran");
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return new Result(
        label, faces, wall, cpu, peak, heapAfterGc(gcLog(work, label)), child.exitValue());
  }

  /**
   * The JVM option that makes a child log its collections where {@link #run} reads them: the heap
   * left after each collection bounds what the run holds, whatever heap the JVM grew to.
   */
  public static String gcLogOption(Path work, String label) {
    return "-Xlog:gc:file=" + gcLog(work, label).toAbsolutePath();
  }

  static Path gcLog(Path work, String label) {
    return work.resolve(label + ".gc.log");
  }

  private static final Pattern AFTER_GC = Pattern.compile("\\d+M->(\\d+)M\\(\\d+M\\)");

  /**
   * The largest heap occupancy right after a collection in a {@code -Xlog:gc} file, in bytes, or -1
   * without one: an upper bound of the live data at every point of the run (young collections leave
   * old garbage in place, so it over- rather than under-states).
   */
  public static long heapAfterGc(Path log) throws IOException {
    if (!Files.exists(log)) {
      return -1;
    }
    long max = -1;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = AFTER_GC.matcher(line);
      if (m.find()) {
        max = Math.max(max, Long.parseLong(m.group(1)) << 20);
      }
    }
    return max;
  }

  /** The scaling table: one row per run, with faces/s and peak RSS relative to the first row. */
  public static BenchTable table(String title, List<Result> results) {
    BenchTable t =
        new BenchTable(
            title,
            "run",
            "faces",
            "wall s",
            "CPU s",
            "faces/s",
            "vs first",
            "peak RSS",
            "vs first",
            "heap after GC",
            "exit");
    Result first = results.isEmpty() ? null : results.get(0);
    for (Result r : results) {
      t.row(
          r.label(),
          BenchTable.number(r.faces()),
          BenchTable.number(r.wallSeconds()),
          Double.isNaN(r.cpuSeconds()) ? "n/a" : BenchTable.number(r.cpuSeconds()),
          BenchTable.number(r.facesPerSecond()),
          String.format(Locale.ROOT, "%.2fx", r.facesPerSecond() / first.facesPerSecond()),
          r.peakRssBytes() > 0 ? BenchTable.megabytes(r.peakRssBytes()) : "n/a",
          r.peakRssBytes() > 0 && first.peakRssBytes() > 0
              ? String.format(
                  Locale.ROOT, "%.2fx", r.peakRssBytes() / (double) first.peakRssBytes())
              : "n/a",
          r.heapAfterGcBytes() > 0 ? BenchTable.megabytes(r.heapAfterGcBytes()) : "n/a",
          r.exit() == 0 ? "ok" : "exit " + r.exit());
    }
    return t;
  }

  /** The 1-minute load average (/proc/loadavg), or "n/a": figures taken under load are noisy. */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** The classpath and java binary of this JVM, to start a child like it. */
  public static List<String> javaCommand() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    return cmd;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
