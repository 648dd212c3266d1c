package io.lfsbeam.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Runner settings the commands apply before building a pipeline, and the runner a command gets when
 * its command line names none.
 *
 * <p>The embedded default of the {@code lfs} command line is Flink's in-process MiniCluster ({@code
 * --runner=FlinkRunner --flinkMaster=[local]}, one slot per core), not Beam's DirectRunner.
 * Measured on 10,000 synthetic faces (issue 16): the DirectRunner spent minutes before aligning the
 * first face and grew to 3.9 GB, because it keeps every PCollection and every group in memory,
 * creates (and translates to protos) a DoFn evaluator per bundle — one bundle per key after each
 * grouping — and copies the growing state of a global combine's single key on every bundle. Flink
 * runs the same graph fused, lifts combiners, sorts groups with spilling to disk, and writes the
 * same bytes. The DirectRunner stays the default of the library and the tests (a pipeline built
 * outside the command line, and {@code --runner=DirectRunner} on it).
 */
public final class Runners {
  /** The runner of pipelines whose options name none. */
  public enum Embedded {
    /** Beam's DirectRunner (Beam's own default): for tests and debugging. */
    DIRECT,
    /** Flink's MiniCluster in this JVM, parallelism = cores: the command line's default. */
    FLINK_LOCAL
  }

  /** The embedded Flink master: a MiniCluster in this JVM. */
  public static final String FLINK_LOCAL_MASTER = "[local]";

  /**
   * Flink's managed memory (the sort buffers of its groupings) in the embedded MiniCluster. Left
   * unset, Beam sizes it to 40 % of the heap free at start, 2.4 GB on a 24 GB machine, and a large
   * preprocess fills it before it spills: the process grew with the dataset (issue 16: 1.0 GB on 1k
   * faces, 2.4 GB on 100k). A fixed size bounds it; beyond it Flink spills sorted runs to the
   * temporary folder. A {@code --flinkConfDir} of the user's is left alone.
   */
  public static final String EMBEDDED_MANAGED_MEMORY = "512m";

  private static volatile Embedded embedded = Embedded.DIRECT;

  private Runners() {}

  /**
   * Sets the runner that pipelines left on Beam's default runner get in this JVM; the command line
   * sets {@link Embedded#FLINK_LOCAL} when its arguments name no runner.
   */
  public static void setEmbeddedDefault(Embedded e) {
    embedded = e;
  }

  public static Embedded embeddedDefault() {
    return embedded;
  }

  /** What {@link #runWithEmbeddedDefault} runs. */
  @FunctionalInterface
  public interface Run {
    void run() throws Exception;
  }

  /**
   * Runs {@code body} with another embedded default, then restores it: a pipeline that must run on
   * Beam's DirectRunner itself (a bench row measuring it) passes {@link Embedded#DIRECT}, since
   * options cannot tell an explicit {@code --runner=DirectRunner} from Beam's default.
   */
  public static void runWithEmbeddedDefault(Embedded e, Run body) throws Exception {
    Embedded before = embedded;
    embedded = e;
    try {
      body.run();
    } finally {
      embedded = before;
    }
  }

  /** Whether command-line arguments choose a runner ({@code --runner=...}). */
  public static boolean namesRunner(List<String> args) {
    return args.stream().anyMatch(a -> a.equals("--runner") || a.startsWith("--runner="));
  }

  public static boolean namesRunner(String[] args) {
    return namesRunner(Arrays.asList(args));
  }

  /**
   * Applies the embedded default, then the runner's settings:
   *
   * <ul>
   *   <li>Flink MiniCluster: nothing to stage (it shares this JVM's classes), and {@code
   *       fasterCopy} (chained operators pass elements on instead of copying each through its
   *       coder; the pipelines never modify an input element);
   *   <li>DirectRunner: return from {@code run()} at once (so progress can be logged while it
   *       runs), and skip the immutability/encodability checks. Those checks are a debugging aid
   *       that re-encodes every element and walks the whole graph per bundle: with image payloads
   *       and a graph of a few hundred transforms they made a 320-image preprocess take minutes
   *       instead of seconds. Tests that want the checks build their own options.
   * </ul>
   */
  public static void configure(PipelineOptions options) {
    if (options.getRunner() == DirectRunner.class && embedded == Embedded.FLINK_LOCAL) {
      options.setRunner(FlinkRunner.class);
      FlinkPipelineOptions f = options.as(FlinkPipelineOptions.class);
      f.setFlinkMaster(FLINK_LOCAL_MASTER);
      f.setFasterCopy(true);
    }
    if (options.getRunner() == DirectRunner.class) {
      DirectOptions d = options.as(DirectOptions.class);
      d.setBlockOnRun(false);
      d.setEnforceImmutability(false);
      d.setEnforceEncodability(false);
    }
    if (options.getRunner() == FlinkRunner.class) {
      FlinkPipelineOptions f = options.as(FlinkPipelineOptions.class);
      if (FLINK_LOCAL_MASTER.equals(f.getFlinkMaster())) {
        if (f.getFilesToStage() == null) {
          f.setFilesToStage(List.of());
        }
        if (f.getParallelism() == null || f.getParallelism() <= 0) {
          f.setParallelism(Runtime.getRuntime().availableProcessors());
        }
        if (f.getFlinkConfDir() == null) {
          f.setFlinkConfDir(embeddedFlinkConf().toString());
        }
      }
    }
  }

  /**
   * A Flink configuration folder for the embedded MiniCluster, written once per JVM into this JVM's
   * {@link ScratchFolder} (Beam reads the MiniCluster's settings only from {@code --flinkConfDir}
   * or {@code FLINK_CONF_DIR}):
   *
   * <ul>
   *   <li>managed memory {@link #EMBEDDED_MANAGED_MEMORY};
   *   <li>every temporary file of Flink ({@code io.tmp.dirs}, {@code web.tmpdir}: the {@code
   *       minicluster_*} working folders, the Pekko RPC jar, spilled sorts) in the scratch folder,
   *       which is removed when the JVM exits or, after a {@code kill -9}, by the next lfs process;
   *   <li>no delegation tokens: the MiniCluster has no Hadoop or Kerberos service to get them from,
   *       and the token manager only warned that it obtained none.
   * </ul>
   */
  static synchronized Path embeddedFlinkConf() {
    if (embeddedConf == null) {
      try {
        ScratchFolder scratch = ScratchFolder.current();
        Path dir = scratch.flinkConf();
        String temp = scratch.flinkTemp().toAbsolutePath().toString();
        Files.writeString(
            dir.resolve("config.yaml"),
            "# lfs-beam's embedded Flink MiniCluster (io.lfsbeam.pipelines.Runners)\n"
                + "taskmanager.memory.managed.size: "
                + EMBEDDED_MANAGED_MEMORY
                + "\n"
                + "io.tmp.dirs: "
                + yamlString(temp)
                + "\n"
                + "web.tmpdir: "
                + yamlString(temp)
                + "\n"
                + "security.delegation.tokens.enabled: false\n",
            StandardCharsets.UTF_8);
        embeddedConf = dir;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the embedded Flink configuration", e);
      }
    }
    return embeddedConf;
  }

  /** A YAML double-quoted scalar (a temporary folder may hold any character). */
  static String yamlString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Path embeddedConf;

  /** A short description for logs: "FlinkRunner [local], parallelism 2" or "DirectRunner". */
  public static String describe(PipelineOptions options) {
    if (options.getRunner() == FlinkRunner.class) {
      FlinkPipelineOptions f = options.as(FlinkPipelineOptions.class);
      return "FlinkRunner " + f.getFlinkMaster() + ", parallelism " + f.getParallelism();
    }
    return options.getRunner().getSimpleName();
  }
}
