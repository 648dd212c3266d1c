package io.lfsbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** FLOP per cycle from the CPU flags, and the peak that follows. */
class CpuPeakTest {
  private static List<String> cpuinfo(String vendor, int family, int model, String flags) {
    return List.of(
        "processor\t: 0",
        "vendor_id\t: " + vendor,
        "cpu family\t: " + family,
        "model\t\t: " + model,
        "model name\t: Test CPU",
        "cpu MHz\t\t: 2500.000",
        "flags\t\t: fpu sse sse2 " + flags,
        "",
        "processor\t: 1",
        "cpu MHz\t\t: 9999.000");
  }

  @Test
  void widestFmaDecidesFlopsPerCycle() {
    String avx512 = "avx fma avx2 avx512f avx512bw";
    assertEquals(
        64, CpuPeak.fromCpuinfo(cpuinfo("GenuineIntel", 6, 85, avx512), 1).flopsPerCycle());
    assertEquals(
        64,
        CpuPeak.fromCpuinfo(cpuinfo("AuthenticAMD", 26, 2, avx512), 1).flopsPerCycle(),
        "Zen 5");
    assertEquals(
        32,
        CpuPeak.fromCpuinfo(cpuinfo("AuthenticAMD", 25, 17, avx512), 1).flopsPerCycle(),
        "Zen 4 splits 512-bit instructions in two");
    assertEquals(
        32, CpuPeak.fromCpuinfo(cpuinfo("GenuineIntel", 6, 60, "avx fma avx2"), 1).flopsPerCycle());
    assertEquals(
        16,
        CpuPeak.fromCpuinfo(cpuinfo("AuthenticAMD", 23, 1, "avx fma avx2"), 1).flopsPerCycle(),
        "Zen 1: 128-bit FMA pipes");
    assertEquals(
        32,
        CpuPeak.fromCpuinfo(cpuinfo("AuthenticAMD", 23, 49, "avx fma avx2"), 1).flopsPerCycle());
    assertEquals(16, CpuPeak.fromCpuinfo(cpuinfo("GenuineIntel", 6, 42, "avx"), 1).flopsPerCycle());
    assertEquals(8, CpuPeak.fromCpuinfo(cpuinfo("GenuineIntel", 6, 23, ""), 1).flopsPerCycle());
  }

  @Test
  void peakIsCoresTimesClockTimesFlopsPerCycle() {
    CpuPeak p = CpuPeak.fromCpuinfo(cpuinfo("GenuineIntel", 6, 60, "avx fma avx2"), 2);
    assertEquals(2.5, p.gigahertz(), 1e-9, "the first processor's clock");
    assertEquals(2 * 2.5 * 32, p.gigaflops(), 1e-9);
    assertTrue(p.describe().contains("2 cores × 2.500 GHz × 32 FLOP/cycle"), p.describe());
    assertEquals(0, CpuPeak.fromCpuinfo(List.of(), 2).gigaflops(), "no /proc/cpuinfo, no peak");
  }
}
