package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.pipelines.FakeFlinkRest;
import io.lfsbeam.tf.TensorFlowLog;
import io.lfsbeam.tf.TensorFlowProbe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code lfs doctor} on this machine (no GPU: it must say so and still pass), with a wrong and a
 * working {@code --flinkMaster}, and on GPU hosts described by TensorFlow logs of such hosts.
 */
class DoctorCommandTest {
  private static final Pattern FINDING =
      Pattern.compile(
          "^  (ok|note|FAIL|--)\\s+(java|cpu|djl cache|tensorflow|devices|gpu|cuda|data|flink)\\s{2,}(\\S.*)$");
  private static final List<String> TOPICS =
      List.of("java", "cpu", "djl cache", "tensorflow", "devices", "gpu", "cuda", "data", "flink");

  /** This machine's TensorFlow, loaded once in a child JVM and shared by the tests that need it. */
  private static TensorFlowProbe.Report machine;

  private static synchronized TensorFlowProbe.Report machine(Duration timeout) {
    if (machine == null) {
      machine = TensorFlowProbe.run(timeout);
    }
    return machine;
  }

  private record Run(int code, String out, String err, List<String[]> findings) {
    String verdict() {
      List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
      return lines.get(lines.size() - 1);
    }

    List<String[]> topic(String topic) {
      return findings.stream().filter(f -> f[1].equals(topic)).toList();
    }
  }

  private static Run run(Function<Duration, TensorFlowProbe.Report> probe, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          new Lfs(
                  System.out,
                  new PrintStream(err, true, StandardCharsets.UTF_8),
                  List.of(new DoctorCommand(probe)))
              .run(args);
    } finally {
      System.setOut(saved);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    List<String[]> findings = new ArrayList<>();
    for (String line : text.lines().toList()) {
      Matcher m = FINDING.matcher(line);
      if (m.matches()) {
        findings.add(new String[] {m.group(1), m.group(2), m.group(3)});
      }
    }
    return new Run(code, text, err.toString(StandardCharsets.UTF_8), findings);
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = DoctorCommandTest.class.getResourceAsStream("/io/lfsbeam/tf/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A probe report as a host with that TensorFlow log and those devices would give. */
  private static TensorFlowProbe.Report host(String log, List<String> missing, String... devices) {
    List<TensorFlowProbe.DeviceEntry> entries = new ArrayList<>();
    for (String d : devices) {
      entries.add(
          new TensorFlowProbe.DeviceEntry(
              "/job:localhost/replica:0/task:0/device:" + d, d.split(":")[0], 1L << 30));
    }
    return new TensorFlowProbe.Report(
        "2.10.1", "0.28.0", entries, missing, null, TensorFlowLog.parse(log), null);
  }

  @Test
  void thisMachinePassesEveryCheckInOrderAndSaysPlainlyThatItHasNoGpu() {
    Run r = run(DoctorCommandTest::machine, "doctor");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(
        r.out().startsWith("lfs doctor: can a training run start on this machine?"), r.out());
    List<String> order = r.findings().stream().map(f -> f[1]).distinct().toList();
    assertEquals(TOPICS.stream().filter(order::contains).toList(), order, "topics in order");
    for (String topic :
        List.of("java", "cpu", "djl cache", "tensorflow", "devices", "gpu", "data", "flink")) {
      assertFalse(r.topic(topic).isEmpty(), topic + " missing from\n" + r.out());
    }
    assertTrue(r.findings().stream().noneMatch(f -> f[0].equals("FAIL")), r.out());
    assertTrue(r.verdict().startsWith("ready: a training run can start here"), r.verdict());
    assertTrue(r.topic("java").get(0)[2].contains("max heap"), r.out());
    assertTrue(r.topic("cpu").get(0)[2].contains("SIMD: "), r.out());
    String tf = r.topic("tensorflow").get(0)[2];
    assertTrue(tf.startsWith("2.10.1 (DJL 0.28.0), oneDNN o"), tf);
    assertTrue(r.topic("devices").get(0)[2].contains("CPU:0"), r.out());
    assertEquals("--", r.topic("flink").get(0)[0]);
    if (r.topic("gpu").stream().noneMatch(f -> f[0].equals("ok"))) {
      // no GPU here: said plainly, with what TensorFlow and the loader looked for
      assertEquals(
          "none: TensorFlow sees no GPU, training runs on the CPU", r.topic("gpu").get(0)[2]);
      assertEquals("note", r.topic("gpu").get(0)[0], "no GPU does not stop a CPU run");
      assertTrue(r.verdict().endsWith("(on the CPU)"), r.verdict());
      assertTrue(
          r.topic("cuda").stream().anyMatch(f -> f[2].contains("libcudart.so.11.0")), r.out());
    }
    assertEquals("", r.err(), "nothing on stderr");
  }

  @Test
  void aWrongFlinkMasterIsOneClearLineAndExitCode1() {
    Run r = run(DoctorCommandTest::machine, "doctor", "--flinkMaster=127.0.0.1:1");
    assertEquals(1, r.code(), r.out());
    assertEquals(
        List.of("FAIL", "flink", "Flink master 127.0.0.1:1 is not reachable: connection refused"),
        List.of(r.topic("flink").get(0)));
    assertEquals(
        "not ready: flink: Flink master 127.0.0.1:1 is not reachable: connection refused",
        r.verdict());
    assertEquals("", r.err(), "no stack trace");
    assertFalse(r.out().contains("Exception"), r.out());
  }

  @Test
  void aClusterThatAnswersShowsItsSlotsAndOneWithoutTaskManagersFails() throws IOException {
    TensorFlowProbe.Report cpu = host(fixture("tf-2.10-cpu-only.log"), List.of(), "CPU:0");
    try (FakeFlinkRest cluster = new FakeFlinkRest(FakeFlinkRest.overview(2, 4, 3))) {
      Run r = run(t -> cpu, "doctor", "--flinkMaster=" + cluster.master());
      assertEquals(0, r.code(), r.out());
      assertEquals(
          List.of(
              "ok",
              "flink",
              cluster.master()
                  + ": Flink 1.19.0: 2 TaskManagers, 3 of 4 slots free, 1 job running"),
          List.of(r.topic("flink").get(0)));
    }
    try (FakeFlinkRest empty = new FakeFlinkRest(FakeFlinkRest.overview(0, 0, 0))) {
      Run r = run(t -> cpu, "doctor", "--flinkMaster=" + empty.master());
      assertEquals(1, r.code(), r.out());
      assertTrue(r.verdict().startsWith("not ready: flink: "), r.verdict());
      assertTrue(r.verdict().endsWith("no slot to run a job in"), r.verdict());
    }
  }

  @Test
  void aGpuHostListsEachGpuAndFailsOnlyWhenTheAskedForGpuIsMissing() throws IOException {
    TensorFlowProbe.Report gpus =
        host(fixture("tf-2.10-two-gpus.log"), List.of(), "CPU:0", "GPU:0", "GPU:1");
    Run r = run(t -> gpus, "doctor", "--device=gpu:1");
    assertEquals(0, r.code(), r.out());
    assertEquals("CPU:0, GPU:0, GPU:1", r.topic("devices").get(0)[2]);
    assertEquals(
        List.of(
            "GPU:0 NVIDIA A100-SXM4-40GB, 38218 MB for TensorFlow, compute capability 8.0 (PCI 0000:00:04.0)",
            "GPU:1 NVIDIA A100-SXM4-40GB, 38218 MB for TensorFlow, compute capability 8.0 (PCI 0000:00:05.0)"),
        r.topic("gpu").stream().map(f -> f[2]).toList());
    assertTrue(r.topic("cuda").isEmpty(), "nothing to explain: " + r.out());
    assertTrue(r.topic("tensorflow").get(0)[2].contains("oneDNN on"), r.out());
    assertEquals("ready: a training run can start here (on 2 GPU(s))", r.verdict());

    Run missing = run(t -> gpus, "doctor", "--device=gpu:2");
    assertEquals(1, missing.code(), missing.out());
    assertEquals(
        "not ready: gpu: --device=gpu:2 asked for, TensorFlow sees 2 GPU(s)", missing.verdict());
  }

  @Test
  void aGpuSkippedForAMissingCudnnIsExplainedAndFailsARunThatWantsTheGpu() throws IOException {
    TensorFlowProbe.Report noCudnn =
        host(fixture("tf-2.10-gpu-without-cudnn.log"), List.of("libcudnn.so.8"), "CPU:0");
    Run auto = run(t -> noCudnn, "doctor");
    assertEquals(0, auto.code(), "--device=auto trains on the CPU: " + auto.out());
    List<String> cuda = auto.topic("cuda").stream().map(f -> f[0] + " " + f[2]).toList();
    assertEquals(
        List.of(
            "note TensorFlow looked for and did not find: libcudnn.so.8",
            "note TensorFlow found a GPU but skipped it for missing libraries",
            "note a GPU needs 1 library the loader cannot open: libcudnn.so.8 (cuDNN 8) (CUDA 11.x"
                + " and cuDNN 8 on LD_LIBRARY_PATH; CUDA 12 or cuDNN 9 do not provide these names)"),
        cuda);
    assertTrue(auto.topic("tensorflow").get(0)[2].contains("oneDNN off"), auto.out());

    Run gpu = run(t -> noCudnn, "doctor", "--device=gpu");
    assertEquals(1, gpu.code(), gpu.out());
    assertTrue(gpu.topic("cuda").stream().allMatch(f -> f[0].equals("FAIL")), gpu.out());
    assertTrue(gpu.verdict().startsWith("not ready: gpu: --device=gpu:0 asked for"), gpu.verdict());
  }

  @Test
  void tensorFlowThatDoesNotLoadFailsWithTheChildsReason() {
    TensorFlowProbe.Report broken =
        new TensorFlowProbe.Report(
            null,
            null,
            List.of(),
            List.of(),
            null,
            TensorFlowLog.parse(""),
            "the TensorFlow child JVM exited with code 1; its stderr ends: UnsatisfiedLinkError");
    Run r = run(t -> broken, "doctor");
    assertEquals(1, r.code(), r.out());
    assertEquals(
        "not ready: tensorflow: does not load: the TensorFlow child JVM exited with code 1; its"
            + " stderr ends: UnsatisfiedLinkError",
        r.verdict());
  }

  @Test
  void helpListsTheOptionsAndBadValuesAreUsageErrors() {
    Function<Duration, TensorFlowProbe.Report> unused =
        t -> {
          throw new AssertionError("no probe for help or usage errors");
        };
    Run help = run(unused, "doctor", "--help");
    assertEquals(0, help.code());
    for (String option : List.of("--flinkMaster=", "--device=", "--timeoutSeconds=")) {
      assertTrue(help.out().contains(option), help.out());
    }
    Run badMaster = run(unused, "doctor", "--flinkMaster=jobmanager");
    assertEquals(2, badMaster.code());
    assertTrue(badMaster.err().contains("is not host:port"), badMaster.err());
    Run badDevice = run(unused, "doctor", "--device=tpu");
    assertEquals(2, badDevice.code());
    assertTrue(badDevice.err().contains("--device=tpu"), badDevice.err());
  }
}
