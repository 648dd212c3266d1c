package io.lfsbeam.bench;

import io.lfsbeam.synth.ImageFormat;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /**
   * One child run: wall seconds, CPU seconds and peak RSS (VmHWM) of the child and the processes it
   * started, each sampled while it lived and summed.
   */
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
    return cachedFaces(cache, faces, ImageFormat.PNG, log);
  }

  /** The format of the sets {@code bench scale} draws: 250×250 JPEGs, as LFW's photos. */
  public static final ImageFormat DEFAULT_FORMAT = ImageFormat.JPG;

  /**
   * As {@link #cachedFaces(Path, int, PrintStream)} with the images in {@code format} ({@code png}
   * in {@code faces-<n>}, as earlier calls drew them; {@code jpg} in {@code faces-<n>-jpg}, 250×250
   * JPEGs like LFW's, what {@code bench/preprocess_reference.py} is compared on).
   */
  public static Path cachedFaces(Path cache, int faces, ImageFormat format, PrintStream log)
      throws IOException {
    if (faces < IMAGES_PER_IDENTITY || faces % IMAGES_PER_IDENTITY != 0) {
      throw new IllegalArgumentException(
          "sizes must be multiples of " + IMAGES_PER_IDENTITY + ", got " + faces);
    }
    Path dir =
        cache.resolve(
            format == ImageFormat.PNG
                ? String.format(Locale.ROOT, "faces-%d", faces)
                : String.format(Locale.ROOT, "faces-%d-%s", faces, format.extension()));
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
        .format(format)
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
    // the child and its own children (a Python pool's workers): a process's CPU time and peak RSS
    // can only be read while it lives, so the last sample of each counts
    Map<Long, Long> peaks = new HashMap<>();
    Map<Long, Double> cpus = new HashMap<>();
    try {
      while (!child.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(child.toHandle());
        child.descendants().forEach(tree::add);
        for (ProcessHandle h : tree) {
          OptionalLong hwm = MachineInfo.peakRssBytes(h.pid());
          if (hwm.isPresent()) {
            peaks.merge(h.pid(), hwm.getAsLong(), Math::max);
          }
          h.info().totalCpuDuration().ifPresent(d -> cpus.put(h.pid(), d.toNanos() / 1e9));
        }
      }
    } catch (InterruptedException e) {
      child.destroy();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + label + " ran");
    }
    double wall = (System.nanoTime() - start) / 1e9;
    long peak = peaks.values().stream().mapToLong(Long::longValue).sum();
    double cpu =
        cpus.isEmpty() ? Double.NaN : cpus.values().stream().mapToDouble(Double::doubleValue).sum();
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
   * The largest heap occupancy right after a collection in a {@code -Xlog:gc} file, in bytes: an
   * upper bound of the live data at every point of the run (young collections leave old garbage in
   * place, so it over- rather than under-states). -1 without a log; 0 when the log holds no
   * collection (a small run on a machine with a large default heap may never collect).
   */
  public static long heapAfterGc(Path log) throws IOException {
    if (!Files.exists(log)) {
      return -1;
    }
    long max = 0;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = AFTER_GC.matcher(line);
      if (m.find()) {
        max = Math.max(max, Long.parseLong(m.group(1)) << 20);
      }
    }
    return max;
  }

  private static String heapCell(long bytes) {
    return bytes > 0 ? BenchTable.megabytes(bytes) : bytes == 0 ? "no GC" : "n/a";
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
          heapCell(r.heapAfterGcBytes()),
          r.exit() == 0 ? "ok" : "exit " + r.exit());
    }
    return t;
  }

  /**
   * {@code lfs preprocess} against the peer script on the same sets, run one right after the other:
   * wall time, CPU seconds (of every process) and peak RSS (summed over the peer's processes), and
   * lfs's over the peer's.
   */
  public static BenchTable peerTable(String title, List<Result> lfs, List<Result> peer) {
    BenchTable t =
        new BenchTable(
            title,
            "faces",
            "lfs wall s",
            "peer wall s",
            "wall lfs/peer",
            "lfs CPU s",
            "peer CPU s",
            "CPU lfs/peer",
            "lfs peak RSS",
            "peer peak RSS");
    for (int i = 0; i < Math.min(lfs.size(), peer.size()); i++) {
      Result l = lfs.get(i);
      Result p = peer.get(i);
      t.row(
          BenchTable.number(l.faces()),
          BenchTable.number(l.wallSeconds()),
          p.exit() == 0 ? BenchTable.number(p.wallSeconds()) : "exit " + p.exit(),
          String.format(Locale.ROOT, "%.2fx", l.wallSeconds() / p.wallSeconds()),
          BenchTable.number(l.cpuSeconds()),
          BenchTable.number(p.cpuSeconds()),
          String.format(Locale.ROOT, "%.2fx", l.cpuSeconds() / p.cpuSeconds()),
          l.peakRssBytes() > 0 ? BenchTable.megabytes(l.peakRssBytes()) : "n/a",
          p.peakRssBytes() > 0 ? BenchTable.megabytes(p.peakRssBytes()) : "n/a");
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
