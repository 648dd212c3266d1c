package io.lfsbeam.train;

import io.lfsbeam.tf.NativeLog;
import io.lfsbeam.tf.OneDnn;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link TrainingJob} in a child JVM (same Java, the parent's class path plus the job's
 * jar), so that a native crash in TensorFlow (SIGSEGV, abort) costs one candidate, not the
 * pipeline: a child that dies, exits non-zero, times out or writes no summary becomes a {@link
 * TrainingSummary.Status#FAILED} summary with the exit code and the last lines of its stderr.
 *
 * <p>A child that hangs (a deadlock in a native kernel, a stuck file system) is killed when it runs
 * past the deadline of its {@link ChildTimeout}, derived from its own progress reports, and becomes
 * a FAILED summary that says so; a fixed {@link #withTimeout} is also available.
 *
 * <p>The device goes to the child in the environment variable {@link TrainingJobMain#DEVICE_ENV};
 * the child's progress lines are forwarded to the listener. JVM options default to the parent's
 * heap limit and the DJL/Avro system properties that matter offline.
 */
public final class ChildProcessTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(ChildProcessTrainer.class);
  private static final String[] FORWARDED_PROPERTIES = {
    "ai.djl.offline",
    "DJL_CACHE_DIR",
    "OPT_OUT_TRACKING",
    "org.apache.avro.SERIALIZABLE_PACKAGES",
    "org.slf4j.simpleLogger.defaultLogLevel"
  };
  private static final int STDERR_LINES = 20;

  /** How often the parent looks at the clock while the child runs. */
  private static final long POLL_MILLIS = 200;

  private final List<String> jvmArgs;
  private final Duration timeout;
  private final ChildTimeout hang;

  private ChildProcessTrainer(List<String> jvmArgs, Duration timeout, ChildTimeout hang) {
    this.jvmArgs = List.copyOf(jvmArgs);
    this.timeout = timeout;
    this.hang = hang;
  }

  /** Parent's heap limit and offline properties, no timeout. */
  public static ChildProcessTrainer create() {
    return new ChildProcessTrainer(defaultJvmArgs(), Duration.ZERO, ChildTimeout.none());
  }

  public ChildProcessTrainer withJvmArgs(List<String> args) {
    return new ChildProcessTrainer(args, timeout, hang);
  }

  /** Kill the child after this long (zero = wait forever). */
  public ChildProcessTrainer withTimeout(Duration timeout) {
    return new ChildProcessTrainer(jvmArgs, timeout, hang);
  }

  /** Kill the child as hung when it runs past its {@link ChildTimeout} deadline. */
  public ChildProcessTrainer withHangTimeout(ChildTimeout hang) {
    return new ChildProcessTrainer(jvmArgs, timeout, hang);
  }

  /**
   * The parent's class path plus wherever the training classes were loaded from. On a Flink
   * TaskManager the job jar is not on {@code java.class.path} (Flink loads it in a user-code class
   * loader from its blob store), so without this the child could not find {@link TrainingJobMain}
   * or the job's loss.
   */
  static String childClassPath(String parentClassPath, List<Path> codeSources) {
    Set<String> entries = new LinkedHashSet<>();
    if (parentClassPath != null && !parentClassPath.isEmpty()) {
      entries.addAll(Arrays.asList(parentClassPath.split(File.pathSeparator)));
    }
    for (Path p : codeSources) {
      entries.add(p.toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  /** Jar files or class folders holding {@link TrainingJobMain} and the job's loss factory. */
  private static List<Path> codeSources(TrainingJob job) {
    List<Path> out = new ArrayList<>();
    codeSource(TrainingJobMain.class).ifPresent(out::add);
    try {
      Class<?> loss =
          Class.forName(job.lossFactory(), false, ChildProcessTrainer.class.getClassLoader());
      codeSource(loss).ifPresent(out::add);
    } catch (ClassNotFoundException | LinkageError e) {
      LOG.debug("loss factory {} not loadable here; the child will report it", job.lossFactory());
    }
    return out;
  }

  private static Optional<Path> codeSource(Class<?> c) {
    try {
      CodeSource source = c.getProtectionDomain().getCodeSource();
      return source == null || source.getLocation() == null
          ? Optional.empty()
          : Optional.of(Paths.get(source.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      return Optional.empty(); // not a local file: the parent's class path is all we can pass
    }
  }

  static List<String> defaultJvmArgs() {
    List<String> args = new ArrayList<>();
    long max = Runtime.getRuntime().maxMemory();
    if (max != Long.MAX_VALUE) {
      args.add("-Xmx" + (max >> 20) + "m");
    }
    for (String key : FORWARDED_PROPERTIES) {
      String v = System.getProperty(key);
      if (v != null) {
        args.add("-D" + key + "=" + v);
      }
    }
    return args;
  }

  /** Runs the job on {@code device} ({@code auto}, {@code cpu}, {@code gpu:N}) and waits for it. */
  public TrainingSummary run(TrainingJob job, String device, ProgressListener listener) {
    long start = System.currentTimeMillis();
    ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
    Path work = null;
    try {
      work = Files.createTempDirectory("lfs-train-");
      Path jobFile = work.resolve("job.properties");
      Path summaryFile = work.resolve("summary.properties");
      Path stderr = work.resolve("stderr.log");
      job.write(jobFile);
      List<String> command = new ArrayList<>();
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmArgs);
      command.add("-cp");
      command.add(childClassPath(System.getProperty("java.class.path"), codeSources(job)));
      command.add(TrainingJobMain.class.getName());
      command.add(jobFile.toString());
      command.add(summaryFile.toString());
      ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
      pb.environment().put(TrainingJobMain.DEVICE_ENV, Device.parse(device).toString());
      // the child's TensorFlow reads it while loading: the same kernels as this JVM would use
      OneDnn.childEnvironment(pb.environment());
      NativeLog.childEnvironment(pb.environment());
      Process process = pb.start();
      long started = System.currentTimeMillis();
      LOG.info("training child pid {} on {} started", process.pid(), device);
      AtomicReference<Report> last = new AtomicReference<>(new Report(-1, Double.NaN, null));
      ProgressListener tracking =
          p -> {
            last.set(new Report(System.currentTimeMillis() - started, p.etaSeconds(), p));
            progress.onProgress(p);
          };
      Thread reader =
          new Thread(() -> forwardStdout(process, tracking), "lfs-train-child-" + process.pid());
      reader.setDaemon(true);
      reader.start();
      String killed = waitOrKill(process, started, last);
      if (killed != null) {
        LOG.warn("{} (pid {})", killed, process.pid());
        return TrainingSummary.failed(
            killed + "; last stderr lines:\n" + tail(stderr), device, start);
      }
      reader.join(5_000);
      int exit = process.exitValue();
      if (exit != 0 || !Files.exists(summaryFile)) {
        String what =
            exit != 0 ? "child JVM exited with code " + exit : "child JVM wrote no summary";
        LOG.warn("{} (pid {})", what, process.pid());
        return TrainingSummary.failed(
            what + "; last stderr lines:\n" + tail(stderr), device, start);
      }
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(summaryFile, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      return TrainingSummary.fromProperties(p);
    } catch (IOException e) {
      return TrainingSummary.failed("cannot run the child JVM: " + e, device, start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return TrainingSummary.failed("interrupted while waiting for the child JVM", device, start);
    } finally {
      deleteRecursively(work);
    }
  }

  /** The child's latest progress report: when it came (ms after the start) and its ETA. */
  private record Report(long atMillis, double etaSeconds, TrainingProgress progress) {}

  /**
   * Waits for the child; kills it when it passes the fixed timeout or its hang deadline.
   *
   * @return why it was killed, null when it ended by itself
   */
  private String waitOrKill(Process process, long started, AtomicReference<Report> last)
      throws InterruptedException {
    while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      long elapsed = System.currentTimeMillis() - started;
      if (!timeout.isZero() && elapsed >= timeout.toMillis()) {
        process.destroyForcibly().waitFor();
        return "child JVM timed out after " + timeout;
      }
      Report r = last.get();
      if (elapsed >= hang.deadlineMillis(r.atMillis(), r.etaSeconds())) {
        process.destroyForcibly().waitFor();
        return String.format(
            Locale.ROOT,
            "child JVM killed as hung after %.0f s (timeout: %s; %s)",
            elapsed / 1000.0,
            hang.describe(),
            r.progress() == null
                ? "it reported no progress"
                : String.format(
                    Locale.ROOT,
                    "its last report, %.0f s after the start, was step %d of %d with an ETA of %.0f s",
                    r.atMillis() / 1000.0,
                    r.progress().runStep(),
                    r.progress().runSteps(),
                    r.etaSeconds()));
      }
    }
    return null;
  }

  private static void forwardStdout(Process process, ProgressListener listener) {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        TrainingProgress p = TrainingJobMain.parseProgress(line);
        if (p != null) {
          try {
            listener.onProgress(p);
          } catch (RuntimeException e) {
            LOG.warn("progress listener failed", e);
          }
        } else {
          LOG.debug("child: {}", line);
        }
      }
    } catch (IOException e) {
      LOG.debug("child stdout closed: {}", e.toString());
    }
  }

  /** The last lines of the child's stderr. */
  static String tail(Path stderr) {
    Deque<String> last = new ArrayDeque<>();
    try (Stream<String> lines = Files.lines(stderr, StandardCharsets.ISO_8859_1)) {
      lines.forEach(
          l -> {
            last.addLast(l);
            if (last.size() > STDERR_LINES) {
              last.removeFirst();
            }
          });
    } catch (IOException | UncheckedIOException e) {
      return "(stderr unavailable: " + e + ")";
    }
    return String.join("\n", last);
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      LOG.debug("cannot delete {}", dir, e);
    }
  }
}
