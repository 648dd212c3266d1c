package io.lfsbeam.cli;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command in a second JVM with a lighter JIT and collector when this JVM was started with
 * the defaults ({@code java -jar lfs.jar preprocess ...}), since a jar cannot carry JVM options.
 *
 * <p>Why (issue 21; JFR and per-thread CPU of {@code /proc}, 2 cores, under load, not evidence): on
 * the 1k and 10k JPEG sets, HotSpot's C2 compiler threads took about half of {@code lfs
 * preprocess}'s CPU (16.6 of 31 s on 1k, 23.7 of 53 s on 10k), compiling the framework code of
 * Beam's translation and Flink's MiniCluster and Java serialization, which run a few thousand times
 * each. The per-face work (JPEG decode, warp, PNG, hash) is mostly native or simple loops that C1
 * compiles well: with C1 alone ({@code -XX:TieredStopAtLevel=1}) the prepare step's CPU did not
 * change (11.5–12.1 s against 11.6 s on 10k) while the whole run's fell from 58 to 34 s. G1's heap
 * also grew to ~1 GB on 10k; the serial collector kept it at 560 MB for 0.9 s of collection (29.6 s
 * CPU in all). HotSpot cannot change either setting once running (a compiler directive excluding C2
 * leaves methods in C1's slower profiling tier first and measured worse), hence a second JVM.
 *
 * <p>Only {@link #COMMANDS} are relaunched: training and the benches keep C2 (their Java loops run
 * for minutes). Not relaunched when this JVM is the relaunched one ({@link #MARKER}), when {@code
 * LFS_RELAUNCH=0}, when the JVM was given its own JIT and collector choices, an agent, a flight
 * recording or a class-data archive (a debugger or profiler of this JVM would miss the work). The
 * child gets this JVM's options (and not the {@code JAVA_TOOL_OPTIONS}/{@code JDK_JAVA_OPTIONS}
 * environment again: they are among those options already), its class path, standard streams and
 * arguments; this JVM exits with the child's code. A SIGTERM or Ctrl-C to this JVM stops the child
 * the same way.
 */
final class JvmRelaunch {
  /** System property set in the relaunched JVM. */
  static final String MARKER = "lfs.relaunched";

  /** Environment variable that turns the relaunch off when {@code 0}. */
  static final String OPT_OUT = "LFS_RELAUNCH";

  /** The commands whose run gains from the lighter JVM. */
  static final Set<String> COMMANDS = Set.of("preprocess");

  /** C1 only: see the class comment. */
  static final String JIT = "-XX:TieredStopAtLevel=1";

  /** The serial collector: see the class comment. */
  static final String GC = "-XX:+UseSerialGC";

  /** How long a stopped child may take to clean up (its scratch folder, its output lock). */
  private static final long STOP_GRACE_SECONDS = 30;

  private JvmRelaunch() {}

  /**
   * The JVM options a relaunch adds for these command-line arguments, given this JVM's options and
   * environment; empty when the command runs here.
   */
  static List<String> addedOptions(
      String[] args, List<String> jvmOptions, Map<String, String> env, boolean relaunched) {
    if (relaunched || "0".equals(env.getOrDefault(OPT_OUT, "").strip())) {
      return List.of();
    }
    if (!COMMANDS.contains(command(args)) || jvmOptions.stream().anyMatch(JvmRelaunch::isAgent)) {
      return List.of();
    }
    List<String> added = new ArrayList<>();
    if (jvmOptions.stream().noneMatch(JvmRelaunch::choosesJit)) {
      added.add(JIT);
    }
    if (jvmOptions.stream().noneMatch(JvmRelaunch::choosesGc)) {
      added.add(GC);
    }
    return added;
  }

  /** The command word ({@link Lfs#run} drops {@code --verbose} wherever it is), or "". */
  static String command(String[] args) {
    return Arrays.stream(args).filter(a -> !a.equals(Lfs.VERBOSE)).findFirst().orElse("");
  }

  /**
   * An agent, a flight recording or a class-data archive: it would observe the wrong JVM, or the
   * first JVM, exiting last, would write its file over the second's.
   */
  private static boolean isAgent(String o) {
    return o.startsWith("-agentlib")
        || o.startsWith("-XX:StartFlightRecording")
        || o.startsWith("-XX:ArchiveClassesAtExit")
        || o.startsWith("-XX:SharedArchiveFile")
        || o.startsWith("-agentpath")
        || o.startsWith("-javaagent")
        || o.startsWith("-Xrunjdwp")
        || o.equals("-Xdebug");
  }

  private static boolean choosesJit(String o) {
    return o.startsWith("-XX:TieredStopAtLevel")
        || o.endsWith("TieredCompilation")
        || o.startsWith("-XX:CompilerDirectivesFile")
        || o.startsWith("-XX:CICompilerCount")
        || o.equals("-Xint")
        || o.equals("-Xcomp");
  }

  private static boolean choosesGc(String o) {
    return o.startsWith("-XX:+Use") && o.endsWith("GC");
  }

  /**
   * Runs the command in a second JVM when {@link #addedOptions} says so and returns its exit code;
   * empty when the command is to run in this JVM (also when the second JVM cannot be started).
   */
  static OptionalInt run(String[] args) {
    if (Boolean.getBoolean(MARKER) || !COMMANDS.contains(command(args))) {
      return OptionalInt.empty(); // before the management beans are loaded for nothing
    }
    List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
    List<String> added = addedOptions(args, jvmOptions, System.getenv(), false);
    if (added.isEmpty()) {
      return OptionalInt.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.addAll(jvmOptions);
    command.addAll(added);
    command.add("-D" + MARKER + "=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Lfs.class.getName());
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    // already among jvmOptions: the child would apply (and announce) them twice
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    Process child;
    try {
      child = pb.start();
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "lfs-relaunch-stop"));
    while (true) {
      try {
        return OptionalInt.of(child.waitFor());
      } catch (InterruptedException e) {
        // keep waiting: the child decides when the run ends
      }
    }
  }

  /** A SIGTERM or Ctrl-C reached this JVM: the child stops too, with time to clean up. */
  private static void stop(Process child) {
    if (!child.isAlive()) {
      return;
    }
    child.destroy();
    try {
      if (!child.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
