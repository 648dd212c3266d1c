package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When {@code lfs} runs a command in a lighter second JVM, and that the second JVM is invisible.
 */
class JvmRelaunchTest {
  private static final List<String> BOTH = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private static List<String> added(String args, List<String> jvm, Map<String, String> env) {
    return JvmRelaunch.addedOptions(args.split(" "), jvm, env, false);
  }

  @Test
  void preprocessOnADefaultJvmGetsC1AndTheSerialCollector() {
    assertEquals(BOTH, added("preprocess --input=x", List.of(), Map.of()));
    assertEquals(BOTH, added("--verbose preprocess --input=x", List.of("-Xmx2g"), Map.of()));
  }

  @Test
  void otherCommandsRunInThisJvm() {
    for (String c : new String[] {"train", "search", "bench", "demo", "evaluate", "--help"}) {
      assertEquals(List.of(), added(c + " --x=y", List.of(), Map.of()), c);
    }
  }

  @Test
  void theUsersOwnChoicesAreKept() {
    assertEquals(
        List.of("-XX:+UseSerialGC"),
        added("preprocess", List.of("-XX:-TieredCompilation"), Map.of()));
    assertEquals(
        List.of("-XX:TieredStopAtLevel=1"), added("preprocess", List.of("-XX:+UseG1GC"), Map.of()));
    assertEquals(
        List.of(),
        added("preprocess", List.of("-XX:TieredStopAtLevel=4", "-XX:+UseZGC"), Map.of()));
  }

  @Test
  void noRelaunchWhenTurnedOffAgentAttachedOrAlreadyRelaunched() {
    assertEquals(List.of(), added("preprocess", List.of(), Map.of("LFS_RELAUNCH", "0")));
    assertEquals(BOTH, added("preprocess", List.of(), Map.of("LFS_RELAUNCH", "1")));
    assertEquals(
        List.of(),
        added(
            "preprocess",
            List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005"),
            Map.of()));
    assertEquals(List.of(), added("preprocess", List.of("-javaagent:/x/agent.jar"), Map.of()));
    assertEquals(
        List.of(),
        added("preprocess", List.of("-XX:StartFlightRecording=filename=x.jfr"), Map.of()));
    assertEquals(
        List.of(), added("preprocess", List.of("-XX:ArchiveClassesAtExit=lfs.jsa"), Map.of()));
    assertEquals(
        List.of(), added("preprocess", List.of("-XX:SharedArchiveFile=lfs.jsa"), Map.of()));
    assertEquals(
        List.of(),
        JvmRelaunch.addedOptions(new String[] {"preprocess"}, List.of(), Map.of(), true));
  }

  /**
   * The command line as a person starts it: a refused preprocess (its input does not exist) says so
   * once, on stderr, with exit code 2, whichever JVM ran it.
   */
  @Test
  void theSecondJvmKeepsStreamsAndExitCode(@TempDir Path tmp) throws Exception {
    List<String> c = new ArrayList<>();
    c.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    c.add("-Xmx256m");
    c.add("-Djava.io.tmpdir=" + tmp);
    c.add("-cp");
    c.add(System.getProperty("java.class.path"));
    c.add(Lfs.class.getName());
    c.add("preprocess");
    c.add("--input=" + tmp.resolve("nothing-here"));
    c.add("--output=" + tmp.resolve("out"));
    ProcessBuilder pb = new ProcessBuilder(c);
    pb.environment().remove("LFS_RELAUNCH");
    pb.environment().remove("LFS_DEBUG");
    Process p =
        pb.redirectOutput(tmp.resolve("out.txt").toFile())
            .redirectError(tmp.resolve("err.txt").toFile())
            .start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the run ends");
    List<String> err = Files.readAllLines(tmp.resolve("err.txt"));
    assertEquals(2, p.exitValue(), String.join("\n", err));
    assertEquals(1, err.size(), String.join("\n", err));
    assertTrue(err.get(0).startsWith("lfs preprocess: "), err.get(0));
    assertTrue(err.get(0).contains("nothing-here"), err.get(0));
  }
}
