package io.lfsbeam.cli;

import io.lfsbeam.bench.BenchTable;
import io.lfsbeam.bench.MachineInfo;
import io.lfsbeam.bench.PeerScript;
import io.lfsbeam.bench.ScaleBench;
import io.lfsbeam.pipelines.BenchOptions;
import io.lfsbeam.synth.SyntheticFaces;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.runners.flink.FlinkPipelineOptions;

/**
 * {@code lfs bench scale}: {@link ScaleBench} with children started as this command line, either on
 * the embedded default (no runner option: what a user gets) or, with {@code
 * --flinkMaster=HOST:PORT}, submitted to that Flink cluster with the job jar, as {@code
 * deploy/flink/submit.sh} does.
 */
final class BenchScale {
  private static final String MAIN = Lfs.class.getName();
  private static final String AVRO_PACKAGES =
      "io.lfsbeam.schemas,java.lang,java.util,java.math,java.nio,org.apache.avro.util";

  private BenchScale() {}

  static List<Integer> sizes(String list) {
    return Checks.list(
        "scaleSizes",
        list,
        s -> {
          int n = Checks.integer(s);
          if (n < ScaleBench.IMAGES_PER_IDENTITY || n % ScaleBench.IMAGES_PER_IDENTITY != 0) {
            throw new IllegalArgumentException(
                n + " is not a positive multiple of " + ScaleBench.IMAGES_PER_IDENTITY);
          }
          return n;
        });
  }

  /** The TaskManager counts of {@code --scaleTaskManagers}, ascending; empty when unset. */
  static List<Integer> taskManagerCounts(String list) {
    if (list.isBlank()) {
      return List.of();
    }
    List<Integer> out = Checks.list("scaleTaskManagers", list, Checks::integer);
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) < 1 || (i > 0 && out.get(i) <= out.get(i - 1))) {
        throw new UsageException(
            "--scaleTaskManagers: counts must be positive and ascending, got " + list);
      }
    }
    return out;
  }

  /** Where the children run: their runner arguments and a description for the tables. */
  private record Target(List<String> runnerArgs, String where) {}

  static void run(BenchOptions o, PrintStream out) throws IOException {
    Path cache =
        o.getScaleCache() != null
            ? Paths.get(o.getScaleCache())
            : Paths.get(System.getProperty("user.home"), ".lfs-beam", "bench-scale");
    Path work = cache.resolve("runs");
    String master = o.as(FlinkPipelineOptions.class).getFlinkMaster();
    boolean cluster = master != null && master.matches(".+:\\d+");
    List<Integer> taskManagers = taskManagerCounts(o.getScaleTaskManagers());
    if (!taskManagers.isEmpty() && (!cluster || o.getScaleClusterDir() == null)) {
      throw new UsageException(
          "--scaleTaskManagers needs --flinkMaster=HOST:PORT and --scaleClusterDir=DIR (the"
              + " cluster.sh --dir) to add TaskManagers");
    }
    List<Integer> sizes = sizes(o.getScaleSizes());
    List<Path> inputs = new ArrayList<>();
    for (int faces : sizes) {
      inputs.add(ScaleBench.cachedFaces(cache, faces, o.getScaleFormat(), out));
    }
    PeerScript.Result peerFound =
        "none".equals(o.getScalePeerScript())
            ? new PeerScript.Result(null, "--scalePeerScript=none")
            : PeerScript.find(o.getScalePeerScript(), lfsJar());
    PeerScript peer = cluster ? null : peerFound.peer();
    if (cluster) {
      out.println("scale: peer script skipped: the children run on a cluster");
    } else if (peer == null) {
      out.println("scale: peer script skipped: " + peerFound.whyNot());
    }
    List<ScaleBench.Result> peerResults = new ArrayList<>();
    List<String> jvm = new ArrayList<>(ScaleBench.javaCommand());
    jvm.addAll(
        Arrays.stream(o.getScaleJvmOptions().split("\\s+")).filter(s -> !s.isBlank()).toList());
    if (cluster) {
      jvm.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=" + AVRO_PACKAGES);
    }
    List<ScaleBench.Result> results = new ArrayList<>();
    List<SearchRound> rounds = new ArrayList<>();
    List<Integer> stages = taskManagers.isEmpty() ? Collections.singletonList(null) : taskManagers;
    String where = "";
    for (Integer tms : stages) {
      if (tms != null) {
        addTaskManagers(o, master, tms, work, out);
      }
      Target target = cluster ? clusterTarget(o, master) : embeddedTarget();
      where = target.where();
      String suffix = tms == null ? "" : "-" + tms + "tm";
      for (int i = 0; i < sizes.size(); i++) {
        int faces = sizes.get(i);
        String label = String.format(Locale.ROOT, "preprocess-%d%s", faces, suffix);
        out.printf(
            Locale.ROOT,
            "scale: %s on %s (load %s)%n",
            label,
            target.where(),
            ScaleBench.loadAverage());
        ScaleBench.Result r =
            ScaleBench.run(
                label,
                faces,
                inputs.get(i),
                work,
                (faceDir, output) -> {
                  List<String> cmd = new ArrayList<>(jvm);
                  cmd.add(ScaleBench.gcLogOption(work, label));
                  cmd.addAll(
                      List.of(
                          MAIN,
                          "preprocess",
                          "--input=" + faceDir.toAbsolutePath(),
                          "--landmarks="
                              + faceDir.resolve(SyntheticFaces.LANDMARKS_FILE).toAbsolutePath(),
                          "--output=" + output.toAbsolutePath()));
                  cmd.addAll(target.runnerArgs());
                  return cmd;
                });
        printRun(out, r, work);
        results.add(r);
        if (peer != null && tms == null) {
          // right after lfs, on the same set: the side-by-side pair the issue compares
          ScaleBench.Result pr =
              ScaleBench.run(
                  "peer-" + faces,
                  faces,
                  inputs.get(i),
                  work,
                  (faceDir, output) ->
                      peer.command(
                          faceDir, faceDir.resolve(SyntheticFaces.LANDMARKS_FILE), output));
          out.printf(
              Locale.ROOT,
              "scale: %s (%s): %.1f s, %.0f CPU s, peak RSS %d MB, exit %d%n",
              pr.label(),
              peer.describe(),
              pr.wallSeconds(),
              pr.cpuSeconds(),
              pr.peakRssBytes() >> 20,
              pr.exit());
          peerResults.add(pr);
        }
      }
      if (o.getScaleSearchCandidates() > 0) {
        // the smallest set's preprocess output, as ScaleBench.run wrote it under its label
        rounds.add(
            SearchRound.run(
                o.getScaleSearchCandidates(),
                sizes.get(0),
                work.resolve(results.get(results.size() - sizes.size()).label()),
                work,
                suffix,
                target.where(),
                jvm,
                target.runnerArgs(),
                out));
      }
    }
    out.println();
    ScaleBench.table(
            "preprocess scaling"
                + (taskManagers.isEmpty() ? " on " + where : " on " + master)
                + ", load "
                + ScaleBench.loadAverage()
                + (o.getScaleJvmOptions().isBlank() ? "" : ", JVM " + o.getScaleJvmOptions()),
            results)
        .print(out);
    if (!peerResults.isEmpty()) {
      out.println();
      ScaleBench.peerTable(
              "lfs preprocess against the peer script ("
                  + PeerScript.RELATIVE_PATH
                  + "), same sets",
              results,
              peerResults)
          .print(out);
    }
    if (!rounds.isEmpty()) {
      out.println();
      SearchRound.table(rounds).print(out);
    }
    if (taskManagers.size() > 1) {
      out.println();
      speedUps(sizes, taskManagers, results, rounds).print(out);
    }
  }

  private static Target embeddedTarget() {
    return new Target(
        List.of(), "embedded default (Flink MiniCluster, " + MachineInfo.cores() + " slots)");
  }

  private static Target clusterTarget(BenchOptions o, String master) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of("--runner=FlinkRunner", "--flinkMaster=" + master, "--filesToStage=" + jobJar(o)));
    Integer parallelism = o.as(FlinkPipelineOptions.class).getParallelism();
    String overview = overview(master);
    String slots = field(overview, "slots-total");
    if (parallelism != null && parallelism > 0) {
      args.add("--parallelism=" + parallelism);
    } else if (!slots.equals("?")) {
      // every slot of the cluster, as deploy/flink/submit.sh does
      args.add("--parallelism=" + slots);
    }
    return new Target(
        args,
        "Flink cluster "
            + master
            + " ("
            + field(overview, "taskmanagers")
            + " TaskManagers, "
            + slots
            + " slots)");
  }

  private static void printRun(PrintStream out, ScaleBench.Result r, Path work) {
    out.printf(
        Locale.ROOT,
        "scale: %s: %.1f s, %.0f faces/s, %.0f CPU s, peak RSS %d MB, heap after GC at most %d MB,"
            + " exit %d (log %s)%n",
        r.label(),
        r.wallSeconds(),
        r.facesPerSecond(),
        r.cpuSeconds(),
        r.peakRssBytes() >> 20,
        r.heapAfterGcBytes() >> 20,
        r.exit(),
        work.resolve(r.label() + ".log"));
  }

  /**
   * Wall time of the first TaskManager count over each later one, per preprocess size and round.
   */
  private static BenchTable speedUps(
      List<Integer> sizes,
      List<Integer> taskManagers,
      List<ScaleBench.Result> results,
      List<SearchRound> rounds) {
    BenchTable t =
        new BenchTable(
            "speed-up over " + taskManagers.get(0) + " TaskManager(s) (wall time ratio)",
            "run",
            "TaskManagers",
            "wall s",
            "speed-up");
    for (int i = 0; i < sizes.size(); i++) {
      ScaleBench.Result base = results.get(i);
      for (int k = 0; k < taskManagers.size(); k++) {
        ScaleBench.Result r = results.get(k * sizes.size() + i);
        t.row(
            "preprocess " + sizes.get(i),
            taskManagers.get(k),
            BenchTable.number(r.wallSeconds()),
            String.format(Locale.ROOT, "%.2fx", base.wallSeconds() / r.wallSeconds()));
      }
    }
    for (int k = 0; k < rounds.size(); k++) {
      SearchRound r = rounds.get(k);
      t.row(
          "search round, " + r.candidates() + " candidates",
          taskManagers.get(k),
          BenchTable.number(r.roundSeconds()),
          String.format(Locale.ROOT, "%.2fx", rounds.get(0).roundSeconds() / r.roundSeconds()));
    }
    return t;
  }

  /** lfs.jar on this JVM's class path, or null. */
  private static Path lfsJar() {
    for (String entry : System.getProperty("java.class.path").split(":")) {
      if (entry.endsWith("lfs.jar")) {
        return Paths.get(entry).toAbsolutePath();
      }
    }
    return null;
  }

  private static String jobJar(BenchOptions o) {
    if (o.getScaleJobJar() != null) {
      return Paths.get(o.getScaleJobJar()).toAbsolutePath().toString();
    }
    for (String entry : System.getProperty("java.class.path").split(":")) {
      if (entry.endsWith("lfs.jar")) {
        Path jar = Paths.get(entry).toAbsolutePath().resolveSibling("lfs-job.jar");
        return jar.toString();
      }
    }
    throw new UsageException("--scaleJobJar is required when not running from lfs.jar");
  }

  /**
   * Brings the cluster to {@code count} TaskManagers by starting more with {@code cluster.sh
   * start-taskmanager} (which waits until each has registered); a cluster that already has more is
   * refused, since the counts are measured in ascending order from a fresh cluster.
   */
  private static void addTaskManagers(
      BenchOptions o, String master, int count, Path work, PrintStream out) throws IOException {
    int now = taskManagersOf(master);
    if (now > count) {
      throw new UsageException(
          "the cluster at "
              + master
              + " has "
              + now
              + " TaskManagers, more than --scaleTaskManagers' "
              + count
              + ": start it with cluster.sh start --taskmanagers="
              + count);
    }
    for (; now < count; now++) {
      out.printf(
          Locale.ROOT, "scale: adding TaskManager %d (%s)%n", now + 1, o.getScaleClusterScript());
      Files.createDirectories(work);
      Path log = work.resolve("start-taskmanager.log");
      Process p =
          new ProcessBuilder(
                  "bash",
                  o.getScaleClusterScript(),
                  "start-taskmanager",
                  "--dir=" + o.getScaleClusterDir())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      try {
        if (p.waitFor() != 0) {
          throw new IOException(
              "cluster.sh start-taskmanager failed (exit " + p.exitValue() + "), see " + log);
        }
      } catch (InterruptedException e) {
        p.destroy();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while starting a TaskManager");
      }
    }
    if (taskManagersOf(master) != count) {
      throw new IOException(
          "the cluster at "
              + master
              + " reports "
              + taskManagersOf(master)
              + " TaskManagers, not "
              + count);
    }
  }

  private static int taskManagersOf(String master) throws IOException {
    String n = field(overview(master), "taskmanagers");
    if (n.equals("?")) {
      throw new IOException("the Flink cluster at " + master + " does not answer /overview");
    }
    return Integer.parseInt(n);
  }

  /** The cluster's REST overview (JSON), or "" when it does not answer. */
  private static String overview(String master) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://" + master + "/overview"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException | RuntimeException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\\d+)").matcher(json);
    return m.find() ? m.group(1) : "?";
  }
}
