package io.lfsbeam.bench;

import com.sun.management.OperatingSystemMXBean;
import io.lfsbeam.tf.OneDnn;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * What a benchmark figure was measured on, and the process's memory as Linux reports it. Figures
 * without the machine are meaningless: a 2-core shared VM and a 64-core worker differ tenfold.
 */
public final class MachineInfo {
  private static final Path STATUS = Paths.get("/proc/self/status");
  private static final Path CPUINFO = Paths.get("/proc/cpuinfo");
  private static final Path CLEAR_REFS = Paths.get("/proc/self/clear_refs");
  private static final Path LOADAVG = Paths.get("/proc/loadavg");

  private MachineInfo() {}

  /**
   * One line: cores, CPU model, Java version and VM, OS, current load (others' work skews figures).
   */
  public static String describe() {
    return String.format(
        Locale.ROOT,
        "%d cores (%s), Java %s (%s), %s %s, load average %s",
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        loadAverage());
  }

  public static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  static String cpuModel() {
    for (String line : lines(CPUINFO)) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return "unknown CPU";
  }

  static String loadAverage() {
    List<String> l = lines(LOADAVG);
    if (l.isEmpty()) {
      return "n/a";
    }
    String[] f = l.get(0).split("\\s+");
    return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "n/a";
  }

  /**
   * CPU time of the whole process (all threads, JVM and native), or 0 where the JVM cannot tell.
   */
  public static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }

  /**
   * Whether TensorFlow's oneDNN CPU kernels are on in this process, and why (see {@link OneDnn}).
   */
  public static String oneDnn() {
    return OneDnn.describe();
  }

  /**
   * Peak resident set size of this process (VmHWM): JVM heap, native TensorFlow buffers and all.
   * Empty where /proc is missing (not Linux).
   */
  public static OptionalLong peakRssBytes() {
    return statusKilobytes(STATUS, "VmHWM:");
  }

  /** Peak resident set size (VmHWM) of another live process; empty once it has exited. */
  public static OptionalLong peakRssBytes(long pid) {
    return statusKilobytes(Path.of("/proc", Long.toString(pid), "status"), "VmHWM:");
  }

  /** Current resident set size (VmRSS). */
  public static OptionalLong rssBytes() {
    return statusKilobytes(STATUS, "VmRSS:");
  }

  /**
   * Resets the peak RSS to the current RSS (Linux ≥ 4.0: writing 5 to clear_refs), so that the next
   * {@link #peakRssBytes()} covers only what ran since. False when the kernel refuses.
   */
  public static boolean resetPeakRss() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  private static OptionalLong statusKilobytes(Path status, String key) {
    for (String line : lines(status)) {
      if (line.startsWith(key)) {
        String[] f = line.substring(key.length()).strip().split("\\s+");
        try {
          return OptionalLong.of(Long.parseLong(f[0]) * 1024);
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (IOException | SecurityException e) {
      return List.of();
    }
  }
}
