package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.pipelines.StuckPipelineMain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees when a run fails inside a Flink task, and what it leaves behind (issue 25,
 * class 6): the command line in its own JVM, on the embedded MiniCluster, with its own temporary
 * folder. The console ends in one line naming the debug log, which holds the stack traces; no Flink
 * file survives the process, and what a {@code kill -9} leaves is removed by the next lfs.
 */
class FailedRunTest {
  @TempDir static Path tmp;
  static Path data;

  @BeforeAll
  static void data() throws Exception {
    data = TrainedModels.preprocessedSynthetic(tmp, 5);
  }

  private static List<String> java(Path javaTmp, String main, String... args) {
    List<String> c = new ArrayList<>();
    c.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    c.add("-Xmx1g");
    c.add("-Djava.io.tmpdir=" + javaTmp);
    c.add("-Dai.djl.offline=true");
    c.add(
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES="
            + System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.lfsbeam.schemas"));
    c.add("-cp");
    c.add(System.getProperty("java.class.path"));
    c.add(main);
    c.addAll(List.of(args));
    return c;
  }

  private static ProcessBuilder builder(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("LFS_DEBUG");
    pb.environment().put("OPT_OUT_TRACKING", "true");
    return pb;
  }

  /** Every file under {@code dir}, relative. */
  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
    }
  }

  /** Every file and folder under {@code dir}, relative. */
  private static List<String> entries(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).toList();
    }
  }

  @Test
  void aTaskFailureEndsInOneLineNamingTheDebugLogAndLeavesNoFlinkFiles() throws Exception {
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    // a model TensorFlow cannot read: it fails in the embedding task's set-up, inside Flink
    Path model = Files.createDirectories(tmp.resolve("broken-model"));
    Files.writeString(model.resolve("saved_model.pb"), "not a SavedModel");
    Files.createDirectories(model.resolve("variables"));
    Process p =
        builder(
                java(
                    javaTmp,
                    Lfs.class.getName(),
                    "evaluate",
                    "--model=" + model,
                    "--data=" + data,
                    "--output=" + tmp.resolve("eval")))
            .redirectOutput(tmp.resolve("stdout.txt").toFile())
            .redirectError(tmp.resolve("stderr.txt").toFile())
            .start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the run ends");
    List<String> err = Files.readAllLines(tmp.resolve("stderr.txt"));
    String all = String.join("\n", err);
    assertEquals(1, p.exitValue(), all);
    assertFalse(all.contains("\tat "), "no stack trace on the console:\n" + all);
    assertFalse(all.contains("Caused by"), all);
    assertTrue(err.size() <= 5, "lfs's own lines and the error, not Flink's:\n" + all);
    String last = err.get(err.size() - 1);
    Matcher m =
        Pattern.compile("^lfs evaluate: error: .+ \\(details: (.+lfs\\.log)\\)$").matcher(last);
    assertTrue(m.matches(), last);
    Path log = Paths.get(m.group(1));
    assertTrue(log.startsWith(javaTmp), log.toString());
    String debug = Files.readString(log);
    assertTrue(debug.contains("\tat "), "the traces are in the debug log");
    assertTrue(debug.contains("lfs evaluate failed"), "with lfs's own");
    // the failed run kept its debug log and nothing else: no minicluster_*, no RPC jar
    assertEquals(List.of(javaTmp.relativize(log).toString()), files(javaTmp));
  }

  @Test
  void whatAKilledRunLeavesIsRemovedByTheNextLfs() throws Exception {
    Path javaTmp = Files.createDirectories(tmp.resolve("killed-tmp"));
    Process stuck =
        builder(java(javaTmp, StuckPipelineMain.class.getName())).redirectErrorStream(true).start();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(stuck.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = r.readLine();
      } while (line != null && !line.equals("started"));
      assertEquals("started", line, "the task runs");
    }
    stuck.destroyForcibly(); // kill -9
    stuck.waitFor(60, TimeUnit.SECONDS);
    List<String> left = entries(javaTmp);
    assertTrue(left.stream().anyMatch(f -> f.contains("/flink/minicluster_")), "" + left);
    assertTrue(
        left.stream().anyMatch(f -> f.matches(".*/flink/flink-rpc-akka.*\\.jar")), "" + left);
    assertTrue(
        left.stream().allMatch(f -> f.startsWith("lfs-beam-")),
        "every Flink (and native library) file in the process's scratch folder, none loose in"
            + " the temporary folder: "
            + left);
    // the next lfs, whatever it runs, removes a dead process's files
    Process next = builder(java(javaTmp, Lfs.class.getName(), "--help")).start();
    next.getInputStream().readAllBytes();
    assertEquals(0, next.waitFor());
    assertEquals(List.of("lfs-beam-" + System.getProperty("user.name")), entries(javaTmp));
  }
}
