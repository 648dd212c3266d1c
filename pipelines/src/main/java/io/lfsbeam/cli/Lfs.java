package io.lfsbeam.cli;

import io.lfsbeam.io.StartupTimes;
import io.lfsbeam.pipelines.Runners;
import io.lfsbeam.search.ResumeCheck;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The {@code lfs} command line: {@code java -jar pipelines/target/lfs.jar <command> [--option=value
 * ...]}.
 *
 * <p>Exit codes: 0 success, 1 the command failed, 2 it was called wrongly. Errors are one line on
 * stderr; set {@code LFS_DEBUG=1} to also get the stack trace.
 */
public final class Lfs {
  private final Map<String, Command<?>> commands = new LinkedHashMap<>();
  private final PrintStream out;
  private final PrintStream err;

  public Lfs(PrintStream out, PrintStream err, List<Command<?>> commands) {
    this.out = out;
    this.err = err;
    for (Command<?> c : commands) {
      this.commands.put(c.name(), c);
    }
  }

  public static void main(String[] args) {
    StartupTimes.mark("main");
    System.setProperty("java.awt.headless", "true");
    if (!Runners.namesRunner(args)) {
      // the command line's pipelines run on Flink's embedded MiniCluster unless told otherwise
      // (why: Runners); code that builds its own Lfs keeps Beam's DirectRunner
      Runners.setEmbeddedDefault(Runners.Embedded.FLINK_LOCAL);
    }
    int code = new Lfs(System.out, System.err, Commands.all()).run(args);
    System.out.flush();
    System.exit(code);
  }

  public int run(String[] args) {
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
      }
      ChoiceArguments.check(command.optionsType(), rest);
      options = PipelineOptionsFactory.fromArgs(rest).withValidation().as(command.optionsType());
      command.validate(options);
      StartupTimes.mark("options parsed");
    } catch (IllegalArgumentException | UsageException e) {
      err.println(prefix + oneLine(e.getMessage()) + " (see: lfs " + command.name() + " --help)");
      return 2;
    }
    try {
      return command.run(options);
    } catch (UsageException | ResumeCheck.ConfigChangeRefusedException e) {
      // a rerun whose options contradict the output's recorded configuration is wrong usage
      err.println(prefix + oneLine(e.getMessage()));
      return 2;
    } catch (Exception | Error e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String msg = root == e ? describe(e) : describe(e) + " (cause: " + describe(root) + ")";
      err.println(prefix + "error: " + oneLine(msg));
      if (System.getenv("LFS_DEBUG") != null) {
        e.printStackTrace(err);
      }
      return 1;
    }
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
  }

  private static boolean isHelp(String a) {
    return a.equals("--help") || a.equals("-h") || a.startsWith("--help=");
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String line = s.strip().replaceAll("\\s*\\R\\s*", " ");
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }
}
