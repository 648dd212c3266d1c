package io.lfsbeam.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /proc/cpuinfo of this project's 2-vCPU machine, a two-socket Xeon and a 4-core ARM server. */
class CpuInfoTest {
  private static CpuInfo fixture(String name) throws IOException {
    try (InputStream in = CpuInfoTest.class.getResourceAsStream(name)) {
      return CpuInfo.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void thisProjectsVirtualMachine() throws IOException {
    CpuInfo c = fixture("cpuinfo-epyc-2-vcpu.txt");
    assertEquals("AMD EPYC", c.model());
    assertEquals(2, c.logicalCpus());
    assertEquals(2, c.physicalCores());
    assertEquals(2096.004, c.megahertz(), 1e-9);
    assertEquals(
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
            "avx_vnni"),
        c.simd());
  }

  @Test
  void hyperthreadsOnTwoSocketsCountOncePerCore() throws IOException {
    CpuInfo c = fixture("cpuinfo-xeon-2-sockets.txt");
    assertEquals("Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz", c.model());
    assertEquals(8, c.logicalCpus());
    assertEquals(4, c.physicalCores(), "2 sockets x 2 cores, 2 threads each");
    assertEquals(1200.0, c.megahertz(), 1e-9, "the first processor's clock");
    assertEquals(List.of("sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c"), c.simd());
    assertTrue(c.flags().contains("ht"));
  }

  @Test
  void armNamesItsVectorExtensionsInFeatures() throws IOException {
    CpuInfo c = fixture("cpuinfo-arm-4-cores.txt");
    assertEquals("ARM CPU part 0xd40", c.model());
    assertEquals(4, c.logicalCpus());
    assertEquals(4, c.physicalCores(), "no core ids: one core per processor");
    assertEquals(0, c.megahertz());
    assertEquals(List.of("asimd", "asimdhp", "asimddp", "sve", "i8mm", "bf16"), c.simd());
  }

  @Test
  void emptyTextIsAnUnknownCpu() {
    CpuInfo c = CpuInfo.parse("");
    assertEquals("unknown CPU", c.model());
    assertEquals(0, c.logicalCpus());
    assertEquals(List.of(), c.simd());
  }
}
