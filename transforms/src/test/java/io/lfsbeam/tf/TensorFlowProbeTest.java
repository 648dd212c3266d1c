package io.lfsbeam.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The child's report as the parent reads it (the child itself runs in the doctor's tests). */
class TensorFlowProbeTest {
  @Test
  void readsVersionDevicesAndMissingLibrariesFromStdoutAndTheLogFromStderr() throws IOException {
    String stdout =
        "tensorflow.version=2.10.1\n"
            + "djl.version=0.28.0\n"
            + "env.TF_ENABLE_ONEDNN_OPTS=1\n"
            + "device=/job:localhost/replica:0/task:0/device:CPU:0\tCPU\t268435456\n"
            + "device=/job:localhost/replica:0/task:0/device:GPU:0\tGPU\t40074280960\n"
            + "missing=libcudnn.so.8\n";
    TensorFlowProbe.Report r =
        TensorFlowProbe.parse(stdout, TensorFlowLogTest.fixture("tf-2.10-two-gpus.log"), null);
    assertTrue(r.loaded());
    assertEquals("2.10.1", r.version());
    assertEquals("0.28.0", r.djlVersion());
    assertEquals(
        List.of(
            new TensorFlowProbe.DeviceEntry(
                "/job:localhost/replica:0/task:0/device:CPU:0", "CPU", 268435456L),
            new TensorFlowProbe.DeviceEntry(
                "/job:localhost/replica:0/task:0/device:GPU:0", "GPU", 40074280960L)),
        r.devices());
    assertEquals(List.of("libcudnn.so.8"), r.missingLibraries());
    assertEquals(2, r.log().gpus().size());
    assertTrue(r.oneDnn().on());
    assertTrue(r.oneDnn().evidence().contains("TF_ENABLE_ONEDNN_OPTS=1"), r.oneDnn().evidence());
  }

  @Test
  void aChildThatDiedReportsWhyWithTheEndOfItsStderr() {
    TensorFlowProbe.Report r =
        TensorFlowProbe.parse(
            "",
            "Exception in thread \"main\" java.lang.IllegalStateException: TensorFlow could not be"
                + " loaded through DJL\n\tat io.lfsbeam.tf.TensorFlowEngine.load\n",
            "the TensorFlow child JVM exited with code 1");
    assertFalse(r.loaded());
    assertNull(r.version());
    assertTrue(r.failure().startsWith("the TensorFlow child JVM exited with code 1"), r.failure());
    assertTrue(r.failure().contains("could not be loaded through DJL"), r.failure());
    TensorFlowProbe.Report silent = TensorFlowProbe.parse("djl.version=0.28.0\n", "", null);
    assertFalse(silent.loaded(), "exit 0 without a version is no success");
  }

  @Test
  void theChildLogsAtInfoSoTheOneDnnAndDeviceLinesAppear() {
    Map<String, String> env = new HashMap<>(Map.of("TF_CPP_MIN_LOG_LEVEL", "3", "PATH", "/bin"));
    TensorFlowProbe.childEnvironment(env);
    assertEquals("0", env.get("TF_CPP_MIN_LOG_LEVEL"));
    assertEquals("/bin", env.get("PATH"));
  }
}
