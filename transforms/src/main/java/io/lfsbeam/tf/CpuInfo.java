package io.lfsbeam.tf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The processor as Linux's {@code /proc/cpuinfo} describes it: model, logical CPUs, physical cores,
 * clock and instruction-set flags. Pure parsing of the text (x86 {@code flags}, ARM {@code
 * Features}); {@link #read()} reads this machine's.
 *
 * @param model the first {@code model name} (x86) or {@code CPU part}/{@code Hardware} (ARM)
 * @param logicalCpus {@code processor} entries (hyperthreads count)
 * @param physicalCores distinct (physical id, core id) pairs; the logical count when absent
 * @param megahertz the first {@code cpu MHz}, 0 when absent (ARM)
 * @param flags the first processor's flags, lower case
 */
public record CpuInfo(
    String model, int logicalCpus, int physicalCores, double megahertz, Set<String> flags) {
  private static final Path PROC = Paths.get("/proc/cpuinfo");

  /**
   * The vector-instruction flags that matter to TensorFlow's CPU kernels and oneDNN, in the order
   * printed (x86 from SSE4 to AMX, then ARM).
   */
  public static final List<String> SIMD =
      List.of(
          "sse4_1",
          "sse4_2",
          "avx",
          "avx2",
          "fma",
          "f16c",
          "avx512f",
          "avx512dq",
          "avx512bw",
          "avx512vl",
          "avx512_vnni",
          "avx512_bf16",
          "avx512_fp16",
          "avx_vnni",
          "amx_tile",
          "amx_int8",
          "amx_bf16",
          "asimd",
          "asimdhp",
          "asimddp",
          "sve",
          "sve2",
          "i8mm",
          "bf16");

  /** This machine's, or an empty description where /proc/cpuinfo is unreadable (not Linux). */
  public static CpuInfo read() {
    try {
      return parse(Files.readString(PROC, StandardCharsets.UTF_8));
    } catch (IOException | SecurityException e) {
      return new CpuInfo("unknown CPU", 0, 0, 0, Set.of());
    }
  }

  public static CpuInfo parse(String text) {
    String model = null;
    String part = null;
    int logical = 0;
    double mhz = 0;
    Set<String> flags = null;
    Set<String> cores = new HashSet<>();
    String physicalId = "0";
    for (String line : text.split("\\R")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "processor" -> logical++;
        case "model name" -> model = model == null ? value : model;
        case "CPU part" -> part = part == null ? "ARM CPU part " + value : part;
        case "Hardware" -> model = model == null ? value : model;
        case "cpu MHz" -> mhz = mhz == 0 ? parseDouble(value) : mhz;
        case "physical id" -> physicalId = value;
        case "core id" -> cores.add(physicalId + "/" + value);
        case "flags", "Features" -> {
          if (flags == null) {
            flags = new LinkedHashSet<>(List.of(value.toLowerCase(Locale.ROOT).split("\\s+")));
          }
        }
        default -> {
          // other fields (cache size, bugs, ...) are not needed
        }
      }
    }
    if (model == null) {
      model = part == null ? "unknown CPU" : part;
    }
    int physical = cores.isEmpty() ? logical : cores.size();
    return new CpuInfo(model, logical, physical, mhz, flags == null ? Set.of() : Set.copyOf(flags));
  }

  private static double parseDouble(String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The {@link #SIMD} flags this CPU has, in that order. */
  public List<String> simd() {
    List<String> out = new ArrayList<>();
    for (String f : SIMD) {
      if (flags.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }
}
