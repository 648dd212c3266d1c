package io.lfsbeam.cli;

import io.lfsbeam.bench.MachineInfo;
import io.lfsbeam.bench.ScaleBench;
import io.lfsbeam.pipelines.BenchOptions;
import io.lfsbeam.synth.SyntheticFaces;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
    List<Integer> out = new ArrayList<>();
    for (String s : list.split(",")) {
      if (s.isBlank()) {
        continue;
      }
      int n;
      try {
        n = Integer.parseInt(s.strip().replace("_", ""));
      } catch (NumberFormatException e) {
        throw new UsageException("--scaleSizes: not a number: " + s.strip());
      }
      if (n < ScaleBench.IMAGES_PER_IDENTITY || n % ScaleBench.IMAGES_PER_IDENTITY != 0) {
        throw new UsageException(
            "--scaleSizes: "
                + n
                + " is not a positive multiple of "
                + ScaleBench.IMAGES_PER_IDENTITY);
      }
      out.add(n);
    }
    if (out.isEmpty()) {
      throw new UsageException("--scaleSizes names no size");
    }
    return out;
  }

  static void run(BenchOptions o, PrintStream out) throws IOException {
    Path cache =
        o.getScaleCache() != null
            ? Paths.get(o.getScaleCache())
            : Paths.get(System.getProperty("user.home"), ".lfs-beam", "bench-scale");
    Path work = cache.resolve("runs");
    String master = o.as(FlinkPipelineOptions.class).getFlinkMaster();
    boolean cluster = master != null && master.matches(".+:\\d+");
    List<String> runnerArgs = new ArrayList<>();
    List<String> jvm = new ArrayList<>(ScaleBench.javaCommand());
    jvm.addAll(
        Arrays.stream(o.getScaleJvmOptions().split("\\s+")).filter(s -> !s.isBlank()).toList());
    String where = "embedded default (Flink MiniCluster, " + MachineInfo.cores() + " slots)";
    if (cluster) {
      runnerArgs.addAll(
          List.of(
              "--runner=FlinkRunner", "--flinkMaster=" + master, "--filesToStage=" + jobJar(o)));
      Integer parallelism = o.as(FlinkPipelineOptions.class).getParallelism();
      String overview = overview(master);
      String slots = field(overview, "slots-total");
      if (parallelism != null && parallelism > 0) {
        runnerArgs.add("--parallelism=" + parallelism);
      } else if (!slots.equals("?")) {
        // every slot of the cluster, as deploy/flink/submit.sh does
        runnerArgs.add("--parallelism=" + slots);
      }
      jvm.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=" + AVRO_PACKAGES);
      where =
          "Flink cluster "
              + master
              + " ("
              + field(overview, "taskmanagers")
              + " TaskManagers, "
              + slots
              + " slots)";
    }
    List<ScaleBench.Result> results = new ArrayList<>();
    for (int faces : sizes(o.getScaleSizes())) {
      Path input = ScaleBench.cachedFaces(cache, faces, out);
      String label = String.format(Locale.ROOT, "preprocess-%d", faces);
      out.printf(
          Locale.ROOT, "scale: %s on %s (load %s)%n", label, where, ScaleBench.loadAverage());
      ScaleBench.Result r =
          ScaleBench.run(
              label,
              faces,
              input,
              work,
              (faceDir, output) -> {
                List<String> cmd = new ArrayList<>(jvm);
                cmd.addAll(
                    List.of(
                        MAIN,
                        "preprocess",
                        "--input=" + faceDir.toAbsolutePath(),
                        "--landmarks="
                            + faceDir.resolve(SyntheticFaces.LANDMARKS_FILE).toAbsolutePath(),
                        "--output=" + output.toAbsolutePath()));
                cmd.addAll(runnerArgs);
                return cmd;
              });
      out.printf(
          Locale.ROOT,
          "scale: %s: %.1f s, %.0f faces/s, %.0f CPU s, peak RSS %d MB, exit %d (log %s)%n",
          label,
          r.wallSeconds(),
          r.facesPerSecond(),
          r.cpuSeconds(),
          r.peakRssBytes() >> 20,
          r.exit(),
          work.resolve(label + ".log"));
      results.add(r);
    }
    out.println();
    ScaleBench.table(
            "preprocess scaling on "
                + where
                + ", load "
                + ScaleBench.loadAverage()
                + (o.getScaleJvmOptions().isBlank() ? "" : ", JVM " + o.getScaleJvmOptions()),
            results)
        .print(out);
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
