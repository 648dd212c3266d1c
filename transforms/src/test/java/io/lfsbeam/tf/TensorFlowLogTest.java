package io.lfsbeam.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TensorFlow 2.10's own log lines, as the doctor reads them (fixtures: this machine and two GPU
 * hosts).
 */
class TensorFlowLogTest {
  static String fixture(String name) throws IOException {
    try (InputStream in = TensorFlowLogTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aMachineWithoutGpuNamesTheDriverAndRuntimeItLookedFor() throws IOException {
    TensorFlowLog log = TensorFlowLog.parse(fixture("tf-2.10-cpu-only.log"));
    assertEquals(List.of(), log.gpus());
    assertEquals(List.of("libcudart.so.11.0", "libcuda.so.1"), log.missingGpuLibraries());
    assertEquals(
        "libcuda.so.1: cannot open shared object file: No such file or directory",
        log.missingLibraries().get("libcuda.so.1"));
    assertEquals(2, log.driverProblems().size(), log.driverProblems().toString());
    assertTrue(log.driverProblems().get(0).contains("UNKNOWN ERROR (303)"));
    assertTrue(log.driverProblems().get(1).contains("/proc/driver/nvidia/version does not exist"));
    assertFalse(log.gpuLibrariesSkipped(), "no GPU was found to skip");
    assertTrue(log.oneDnn(null).on());
    assertEquals("AVX2 AVX512F AVX512_VNNI AVX512_BF16 AVX_VNNI FMA", log.oneDnnInstructions());
  }

  @Test
  void aGpuHostListsEachDeviceWithNameMemoryAndComputeCapability() throws IOException {
    TensorFlowLog log = TensorFlowLog.parse(fixture("tf-2.10-two-gpus.log"));
    assertEquals(
        List.of(
            new TensorFlowLog.Gpu(0, "NVIDIA A100-SXM4-40GB", 38218, "0000:00:04.0", "8.0"),
            new TensorFlowLog.Gpu(1, "NVIDIA A100-SXM4-40GB", 38218, "0000:00:05.0", "8.0")),
        log.gpus());
    assertEquals(List.of(), log.missingGpuLibraries());
    assertEquals(List.of(), log.driverProblems());
    assertTrue(
        log.gpus().get(1).toString().contains("GPU:1 NVIDIA A100-SXM4-40GB, 38218 MB"),
        log.gpus().get(1).toString());
  }

  @Test
  void aGpuSkippedForAMissingCudnnSaysWhichLibraryAndThatOneDnnIsOff() throws IOException {
    TensorFlowLog log = TensorFlowLog.parse(fixture("tf-2.10-gpu-without-cudnn.log"));
    assertEquals(List.of(), log.gpus());
    assertEquals(List.of("libcudnn.so.8"), log.missingGpuLibraries());
    assertEquals(
        "libcudnn.so.8: cannot open shared object file: No such file or directory",
        log.missingLibraries().get("libcudnn.so.8"),
        "the dlerror stops before LD_LIBRARY_PATH");
    assertTrue(log.gpuLibrariesSkipped());
    TensorFlowLog.OneDnn off = log.oneDnn(null);
    assertFalse(off.on());
    assertTrue(off.evidence().contains("TF_ENABLE_ONEDNN_OPTS unset"), off.evidence());
    assertTrue(log.oneDnn("0").evidence().contains("TF_ENABLE_ONEDNN_OPTS=0"));
    assertEquals("AVX2 FMA", log.oneDnnInstructions());
  }

  @Test
  void linesFromOthersAreIgnored() {
    TensorFlowLog log =
        TensorFlowLog.parse(
            "[main] WARN ai.djl.util.cuda.CudaUtils - Failed to detect GPU count: CUDA driver"
                + " version is insufficient for CUDA runtime version (35)\n\nException in thread\n");
    assertEquals(List.of(), log.gpus());
    assertTrue(log.missingLibraries().isEmpty());
    assertFalse(log.oneDnn(null).on());
  }
}
