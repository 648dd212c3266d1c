package io.lfsbeam.cli;

import io.lfsbeam.io.OutputLock;
import io.lfsbeam.io.StartupTimes;
import io.lfsbeam.pipelines.Runners;
import io.lfsbeam.pipelines.ScratchFolder;
import io.lfsbeam.search.ResumeCheck;
import io.lfsbeam.tf.NativeLog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.LoggerFactory;

/**
 * The {@code lfs} command line: {@code java -jar pipelines/target/lfs.jar <command> [--option=value
 * ...]}.
 *
 * <p>Exit codes: 0 success; 2 the command was refused before it started (wrong usage: an option, a
 * missing input, an output that cannot be written; an output another run holds; a rerun whose
 * options contradict the output's recorded configuration); 1 the run failed. Either ends in one
 * line on stderr saying what and where; a failed run's line also names its debug log, which holds
 * every library's lines and the stack traces ({@link ConsoleLogging}). {@code --verbose} (any
 * command) or {@code LFS_DEBUG=1} shows them on the console as well.
 *
 * <p>Every command holds its output folders ({@link Command#outputs}) with an {@link OutputLock}
 * while it runs.
 */
public final class Lfs {
  private final Map<String, Command<?>> commands = new LinkedHashMap<>();
  private final PrintStream out;
  private final PrintStream err;
  private Path debugLog;

  /** The global flag that shows every library's lines and stack traces ({@link ConsoleLogging}). */
  static final String VERBOSE = "--verbose";

  public Lfs(PrintStream out, PrintStream err, List<Command<?>> commands) {
    this.out = out;
    this.err = err;
    for (Command<?> c : commands) {
      this.commands.put(c.name(), c);
    }
  }

  public static void main(String[] args) {
    OptionalInt relaunched = JvmRelaunch.run(args);
    if (relaunched.isPresent()) {
      // the command ran in a lighter JVM (why: JvmRelaunch)
      System.exit(relaunched.getAsInt());
      return;
    }
    StartupTimes.mark("main");
    System.setProperty("java.awt.headless", "true");
    if (!Runners.namesRunner(args)) {
      // the command line's pipelines run on Flink's embedded MiniCluster unless told otherwise
      // (why: Runners); code that builds its own Lfs keeps Beam's DirectRunner
      Runners.setEmbeddedDefault(Runners.Embedded.FLINK_LOCAL);
    }
    boolean verbose = debugRequested() || Arrays.asList(args).contains(VERBOSE);
    ScratchFolder scratch;
    try {
      scratch = ScratchFolder.current();
    } catch (RuntimeException e) {
      // nothing can run without a temporary folder (Flink needs one)
      System.err.println("lfs: " + Lfs.oneLine(ErrorLine.of(e)));
      System.exit(1);
      return;
    }
    ConsoleLogging.install(verbose, scratch.debugLog());
    NativeLog.setVerbose(verbose);
    int code =
        new Lfs(System.out, System.err, Commands.all()).withDebugLog(scratch.debugLog()).run(args);
    // a failed run keeps its debug log (its error line points at it); other runs leave nothing
    scratch.keepLog(code == 1);
    System.out.flush();
    System.exit(code);
  }

  /** {@code LFS_DEBUG} set (and not 0): stack traces on the console, as {@code --verbose}. */
  static boolean debugRequested() {
    String v = System.getenv("LFS_DEBUG");
    return v != null && !v.isBlank() && !v.strip().equals("0");
  }

  /**
   * The run's debug log, named in the error line of a failed run (the command line's; null for an
   * Lfs built by tests).
   */
  Lfs withDebugLog(Path file) {
    this.debugLog = file;
    return this;
  }

  public int run(String[] args) {
    args = Arrays.stream(args).filter(a -> !a.equals(VERBOSE)).toArray(String[]::new);
    if (args.length == 0) {
      printUsage(err);
      return 2;
    }
    String name = args[0];
    if (isHelp(name) || name.equals("help")) {
      printUsage(out);
      return 0;
    }
    Command<?> command = commands.get(name);
    if (command == null) {
      err.println(
          "lfs: unknown command '"
              + name
              + "' (commands: "
              + String.join(", ", commands.keySet())
              + ")");
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (rest.length > 0 && !rest[0].startsWith("-") && command.positionalOption() != null) {
      rest[0] = "--" + command.positionalOption() + "=" + rest[0];
    }
    if (Arrays.stream(rest).anyMatch(Lfs::isHelp)) {
      OptionsHelp.print(out, command);
      return 0;
    }
    return runCommand(command, rest);
  }

  private <T extends PipelineOptions> int runCommand(Command<T> command, String[] rest) {
    String prefix = "lfs " + command.name() + ": ";
    T options;
    try {
      for (String a : rest) {
        if (!a.startsWith("--")) {
          throw new UsageException(
              "unexpected argument '" + a + "' (options look like --name=value)");
        }
        String name = a.substring(2).split("=", 2)[0];
        String why = command.inapplicable().get(name);
        if (why != null) {
          throw new UsageException(
              "--" + name + " does not apply to lfs " + command.name() + ": " + why);
        }
      }
      ChoiceArguments.check(command.optionsType(), rest);
      options = parse(command.optionsType(), rest);
      command.validate(options);
      StartupTimes.mark("options parsed");
    } catch (IllegalArgumentException | UsageException e) {
      err.println(prefix + oneLine(e.getMessage()) + " (see: lfs " + command.name() + " --help)");
      return 2;
    }
    List<OutputLock> locks = new ArrayList<>();
    try {
      for (String output : command.outputs(options)) {
        locks.add(OutputLock.acquire(output, "lfs " + command.name()));
      }
      return command.run(options);
    } catch (UsageException
        | ResumeCheck.ConfigChangeRefusedException
        | OutputLock.InUseException e) {
      // refused before anything ran: a rerun whose options contradict the output's recorded
      // configuration, or an output another run holds
      err.println(prefix + oneLine(e.getMessage()));
      return 2;
    } catch (Exception | Error e) {
      err.println(prefix + "error: " + oneLine(ErrorLine.of(e)) + logPointer());
      LoggerFactory.getLogger(ConsoleLogging.FILE_ONLY).error("lfs {} failed", command.name(), e);
      if (debugRequested()) {
        e.printStackTrace(err);
      }
      return 1;
    } finally {
      for (int i = locks.size() - 1; i >= 0; i--) {
        locks.get(i).close();
      }
    }
  }

  /**
   * Beam's parsing, with a value it cannot read named: Jackson's message ("Cannot deserialize value
   * of type `int` from String "lots" ...") says neither which option nor where, so the argument
   * that fails on its own is put in front.
   */
  private static <T extends PipelineOptions> T parse(Class<T> type, String[] args) {
    try {
      return PipelineOptionsFactory.fromArgs(args).withValidation().as(type);
    } catch (IllegalArgumentException e) {
      for (String a : args) {
        try {
          PipelineOptionsFactory.fromArgs(a).as(type);
        } catch (IllegalArgumentException alone) {
          String why = alone.getMessage() == null ? "" : alone.getMessage();
          why = why.replaceAll("\\s*at \\[Source: [^\\]]*\\]", "").strip();
          throw new IllegalArgumentException(
              why.contains(a.split("=", 2)[0]) ? why : a + ": " + why, alone);
        }
      }
      throw e;
    }
  }

  private String logPointer() {
    return debugLog == null ? "" : " (details: " + debugLog + ")";
  }

  private void printUsage(PrintStream to) {
    to.println("lfs-beam: loss function search for face recognition on Apache Beam");
    to.println();
    to.println("usage: java -jar pipelines/target/lfs.jar <command> [--option=value ...]");
    to.println("       java -jar pipelines/target/lfs.jar <command> --help");
    to.println();
    to.println("Commands:");
    List<String> lines = new ArrayList<>();
    int width = commands.keySet().stream().mapToInt(String::length).max().orElse(8);
    for (Command<?> c : commands.values()) {
      lines.add(String.format("  %-" + width + "s  %s", c.name(), c.summary()));
    }
    lines.forEach(to::println);
    to.println();
    to.println(
        "Every command: --help lists its options and defaults; --verbose (or LFS_DEBUG=1) also shows");
    to.println(
        "other libraries' lines, TensorFlow's native log and stack traces. Exit codes: 0 done, 1 the");
    to.println(
        "run failed (its error line names a debug log), 2 refused before starting (usage, inputs,");
    to.println("an output another run holds).");
  }

  private static boolean isHelp(String a) {
    return a.equals("--help") || a.equals("-h") || a.startsWith("--help=");
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String line = s.strip().replaceAll("\\s*\\R\\s*", " ");
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }
}
