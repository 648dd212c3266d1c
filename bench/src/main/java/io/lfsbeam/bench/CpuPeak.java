package io.lfsbeam.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The machine's FP32 peak: cores × clock × FLOP per cycle per core, from /proc/cpuinfo, the
 * yardstick for the training figures ("achieved GFLOP/s is x % of what the cores can do").
 *
 * <p>FLOP per cycle per core is what the widest fused multiply–add the CPU has can deliver, two
 * FLOPs per lane and two FMA pipes:
 *
 * <ul>
 *   <li>AVX-512 ({@code avx512f}): 2 pipes × 16 lanes × 2 = 64, except AMD family 25 (Zen 4), which
 *       runs 512-bit instructions as two 256-bit halves: 32;
 *   <li>AVX2 with FMA ({@code avx2}, {@code fma}): 2 × 8 × 2 = 32, except AMD family 23 before
 *       model 0x30 (Zen 1), whose FMA pipes are 128 bits wide: 16;
 *   <li>AVX without FMA: one 8-lane add and one 8-lane multiply per cycle = 16; otherwise SSE: 8.
 * </ul>
 *
 * The clock is the "cpu MHz" /proc/cpuinfo reports; in a virtual machine that is the nominal clock
 * and the cores may run faster under turbo, so the fraction of peak is an upper estimate. Cores are
 * those the JVM may use.
 */
public record CpuPeak(
    int cores, double gigahertz, int flopsPerCycle, String instructionSet, String cpu) {

  private static final Path CPUINFO = Paths.get("/proc/cpuinfo");

  /** FLOP/s the cores could do, in units of 1e9. */
  public double gigaflops() {
    return cores * gigahertz * flopsPerCycle;
  }

  /** This machine's peak; clock 0 (and so peak 0) where /proc/cpuinfo is missing. */
  public static CpuPeak detect() {
    List<String> lines;
    try {
      lines = Files.readAllLines(CPUINFO, StandardCharsets.UTF_8);
    } catch (IOException | SecurityException e) {
      lines = List.of();
    }
    return fromCpuinfo(lines, Runtime.getRuntime().availableProcessors());
  }

  /** The peak described by the first processor block of a /proc/cpuinfo text. */
  static CpuPeak fromCpuinfo(List<String> cpuinfo, int cores) {
    String vendor = field(cpuinfo, "vendor_id", "");
    int family = parseInt(field(cpuinfo, "cpu family", "0"));
    int model = parseInt(field(cpuinfo, "model", "0"));
    double mhz = parseDouble(field(cpuinfo, "cpu MHz", "0"));
    Set<String> flags = Set.of(field(cpuinfo, "flags", "").split("\\s+"));
    boolean amd = vendor.equals("AuthenticAMD");
    int perCycle;
    String isa;
    if (flags.contains("avx512f")) {
      perCycle = amd && family == 25 ? 32 : 64;
      isa = amd && family == 25 ? "AVX-512 FMA (Zen 4: 256-bit halves)" : "AVX-512 FMA";
    } else if (flags.contains("avx2") && flags.contains("fma")) {
      perCycle = amd && family == 23 && model < 0x30 ? 16 : 32;
      isa = perCycle == 16 ? "AVX2 FMA (Zen 1: 128-bit pipes)" : "AVX2 FMA";
    } else if (flags.contains("avx")) {
      perCycle = 16;
      isa = "AVX (no FMA)";
    } else {
      perCycle = 8;
      isa = "SSE";
    }
    String cpu =
        String.format(
            Locale.ROOT,
            "%s, %s family %d model %d",
            field(cpuinfo, "model name", "unknown CPU"),
            vendor.isEmpty() ? "unknown vendor" : vendor,
            family,
            model);
    return new CpuPeak(cores, mhz / 1000, perCycle, isa, cpu);
  }

  /** E.g. "268.3 GFLOP/s = 2 cores × 2.096 GHz × 64 FP32 FLOP/cycle (AVX-512 FMA; AMD EPYC...)". */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "FP32 peak %.1f GFLOP/s = %d cores × %.3f GHz × %d FLOP/cycle (%s; %s); at the clock the"
            + " system reports: cores that boost above it can exceed 100 %% of this peak",
        gigaflops(),
        cores,
        gigahertz,
        flopsPerCycle,
        instructionSet,
        cpu);
  }

  private static String field(List<String> cpuinfo, String key, String absent) {
    for (String line : cpuinfo) {
      if (line.isBlank()) {
        break; // only the first processor
      }
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
        return line.substring(colon + 1).strip();
      }
    }
    return absent;
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static double parseDouble(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
