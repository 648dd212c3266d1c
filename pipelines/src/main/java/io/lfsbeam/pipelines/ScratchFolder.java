package io.lfsbeam.pipelines;

import io.lfsbeam.io.ThisProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * This JVM's own folder for temporary files: {@code <java.io.tmpdir>/lfs-beam-<user>/<host>-<pid>-
 * <start millis>/}, holding the embedded Flink MiniCluster's configuration and every temporary file
 * Flink writes ({@code io.tmp.dirs}: its {@code minicluster_*} working folders, the 22 MB Pekko RPC
 * jar it extracts, blobs, spilled sorts, the web upload folder), and the command line's debug log
 * ({@code lfs.log}).
 *
 * <p>Why: Flink puts those files straight into the temporary folder and removes them only when the
 * MiniCluster closes normally; a failed job, Ctrl-C or {@code kill -9} left a {@code minicluster_*}
 * folder and an RPC jar behind each time. Here they live in one folder per process: removed when
 * the JVM exits (a shutdown hook), and, for a process killed without running its hooks, by the next
 * lfs process on the same host, which removes the folders of processes that are no longer alive. A
 * failed run's {@code lfs.log} is kept (the error line points at it) for {@link #LOG_DAYS} days, at
 * most {@link #LOGS_KEPT} of them; folders of other hosts (a shared temporary folder) are never
 * touched, since whether their process lives cannot be told from here.
 */
public final class ScratchFolder {
  /** Failed runs' debug logs older than this are removed. */
  public static final int LOG_DAYS = 7;

  /** At most this many failed runs' debug logs are kept. */
  public static final int LOGS_KEPT = 20;

  /** The debug log's name in the folder. */
  public static final String LOG = "lfs.log";

  /** Where snappy-java unpacks its native library. */
  static final String SNAPPY_TEMP = "org.xerial.snappy.tempdir";

  private static final Pattern NAME = Pattern.compile("(.+)-(\\d+)-(\\d+)");

  private static ScratchFolder current;

  private final Path dir;
  private volatile boolean keepLog = true;

  private ScratchFolder(Path dir) {
    this.dir = dir;
  }

  /**
   * This JVM's folder, created on first use (after removing the folders of dead processes of this
   * host), and removed when the JVM exits.
   */
  public static synchronized ScratchFolder current() {
    if (current == null) {
      Path root =
          Paths.get(
              System.getProperty("java.io.tmpdir"),
              "lfs-beam-" + System.getProperty("user.name", "user"));
      try {
        Files.createDirectories(root);
        sweep(root, ThisProcess.host(), Instant.now(), ScratchFolder::alive);
        Path dir =
            root.resolve(
                ThisProcess.host()
                    + "-"
                    + ThisProcess.pid()
                    + "-"
                    + ThisProcess.started().toEpochMilli());
        Files.createDirectories(dir);
        current = new ScratchFolder(dir);
        // snappy-java (Avro's and Beam's codec) unpacks its native library into the temporary
        // folder and deletes it only on a normal exit
        if (System.getProperty(SNAPPY_TEMP) == null) {
          System.setProperty(SNAPPY_TEMP, current.subfolder("native").toString());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a temporary folder under " + root, e);
      }
      ScratchFolder f = current;
      Runtime.getRuntime()
          .addShutdownHook(new Thread(f::removeOnExit, "lfs-scratch-folder-cleanup"));
    }
    return current;
  }

  public Path dir() {
    return dir;
  }

  /** Flink's temporary folder ({@code io.tmp.dirs}), created. */
  public Path flinkTemp() {
    return subfolder("flink");
  }

  /** The embedded MiniCluster's configuration folder, created. */
  public Path flinkConf() {
    return subfolder("flink-conf");
  }

  /** The debug log file's path (written by the command line's logging, if it installs one). */
  public Path debugLog() {
    return dir.resolve(LOG);
  }

  /**
   * Whether the debug log outlives this process (a failed run: yes; the default until told, so an
   * interrupted run keeps it).
   */
  public void keepLog(boolean keep) {
    keepLog = keep;
  }

  private Path subfolder(String name) {
    Path p = dir.resolve(name);
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + p, e);
    }
    return p;
  }

  private void removeOnExit() {
    try {
      removeAllBut(dir, keepLog ? LOG : null);
      if (!keepLog || !Files.exists(dir.resolve(LOG))) {
        Files.deleteIfExists(dir);
      }
    } catch (IOException | RuntimeException e) {
      // the next lfs process removes what is left
    }
  }

  private static boolean alive(long pid, Instant started) {
    return ThisProcess.alive(pid, Optional.of(started));
  }

  /**
   * Removes the folders of this host's dead processes under {@code root}, keeping their debug logs
   * younger than {@link #LOG_DAYS} days (at most {@link #LOGS_KEPT}, newest first). Returns how
   * many folders were removed whole.
   *
   * @param alive whether the process of a pid and start time still runs
   */
  static int sweep(Path root, String host, Instant now, BiPredicate<Long, Instant> alive)
      throws IOException {
    List<Path> logs = new ArrayList<>();
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path d : entries) {
        Matcher m = NAME.matcher(d.getFileName().toString());
        if (!Files.isDirectory(d) || !m.matches() || !m.group(1).equals(host)) {
          continue;
        }
        try {
          long pid = Long.parseLong(m.group(2));
          Instant started = Instant.ofEpochMilli(Long.parseLong(m.group(3)));
          if (alive.test(pid, started)) {
            continue;
          }
          Path log = d.resolve(LOG);
          boolean keep =
              Files.isRegularFile(log)
                  && Files.getLastModifiedTime(log)
                      .toInstant()
                      .isAfter(now.minus(Duration.ofDays(LOG_DAYS)));
          removeAllBut(d, keep ? LOG : null);
          if (keep) {
            logs.add(d);
          } else {
            Files.deleteIfExists(d);
            removed++;
          }
        } catch (IOException | RuntimeException e) {
          // a folder that cannot be read or removed (or a name that only looks like ours) is left;
          // it never stops this process from starting
        }
      }
    }
    logs.sort(Comparator.comparing(ScratchFolder::logTime).reversed());
    for (Path d : logs.subList(Math.min(LOGS_KEPT, logs.size()), logs.size())) {
      try {
        removeAllBut(d, null);
        Files.deleteIfExists(d);
        removed++;
      } catch (IOException e) {
        // left for a later process
      }
    }
    return removed;
  }

  private static Instant logTime(Path d) {
    try {
      return Files.getLastModifiedTime(d.resolve(LOG)).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  /** Deletes everything in {@code dir} except the file {@code keep} (null: everything). */
  static void removeAllBut(Path dir, String keep) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> all;
    // symbolic links are deleted, never followed
    try (Stream<Path> walk = Files.walk(dir)) {
      all = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      if (p.equals(dir) || (keep != null && p.equals(dir.resolve(keep)))) {
        continue;
      }
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // a file still held (another hook) or a folder not yet empty: best effort
      }
    }
  }
}
