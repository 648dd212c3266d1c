package io.lfsbeam.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lfsbeam.pipelines.PreprocessPipeline;
import io.lfsbeam.pipelines.SearchPipeline;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.search.TrainCandidates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone Flink 1.19 session cluster (1 JobManager, 2 TaskManagers x 2 slots, separate
 * JVMs on 127.0.0.1, started by deploy/flink/cluster.sh) receives the pipelines as lfs-job.jar
 * through the FlinkRunner, like a data engineer's submission: preprocess must equal the
 * DirectRunner's records, a search must be reproducible, and both must stay exact when a
 * TaskManager is killed with SIGKILL in the middle of the job and a replacement is started.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkClusterIT {
  @TempDir static Path tmp;
  static Path input;
  static Path jobJar;
  static DatasetManifest direct;
  static FlinkCluster cluster;
  static Path undisturbedSearch;

  @BeforeAll
  static void startClusterAndRunTheReference() throws Exception {
    jobJar = Paths.get(System.getProperty("lfs.job.jar", "target/lfs-job.jar")).toAbsolutePath();
    assertTrue(
        Files.isRegularFile(jobJar),
        "no job jar at " + jobJar + ": run mvn package (or verify) first");
    // the cluster's JVMs start while the DirectRunner makes the reference output
    CompletableFuture<FlinkCluster> starting =
        async(() -> FlinkCluster.start(tmp.resolve("cluster"), 2, 2));
    try {
      input = PreprocessJobs.synthesize(tmp.resolve("synth"), 16, 5);
      direct =
          PreprocessPipeline.run(
              PreprocessJobs.options(
                  input, tmp.resolve("direct"), "reference", "--delegateRunner=DirectRunner"));
    } finally {
      cluster = starting.join();
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * Runner flags of a submission; parallelism = all 4 slots, so a replacement TaskManager takes
   * over a lost share.
   */
  private static String[] onCluster() {
    return new String[] {
      "--delegateRunner=FlinkRunner",
      "--flinkMaster=" + cluster.flinkMaster(),
      "--parallelism=4",
      "--filesToStage=" + jobJar
    };
  }

  private static DatasetManifest preprocess(String jobName, Path output) throws Exception {
    return PreprocessPipeline.run(PreprocessJobs.options(input, output, jobName, onCluster()));
  }

  private static void search(String jobName, Path output) throws Exception {
    SearchPipeline.run(SearchRuns.options(tmp.resolve("direct"), output, jobName, onCluster()));
  }

  @Test
  @Order(1)
  void preprocessFinishesWithTheDirectRunnersRecordsAndCounters() throws Exception {
    DatasetManifest m = preprocess("lfs-preprocess-it", tmp.resolve("cluster-out"));

    JsonNode job = cluster.job("lfs-preprocess-it");
    assertEquals("FINISHED", job.path("state").asText(), job.toString());
    assertEquals(direct, m);
    OutputFolders.assertSameRecords(tmp.resolve("direct"), tmp.resolve("cluster-out"));

    // Beam counters through Flink's REST API, as a dashboard or monitoring would read them
    Map<String, Long> counters =
        RestCounters.parse(cluster.get("/jobs/" + job.path("jid").asText() + "/accumulators"));
    PreprocessJobs.expectedCounters(direct)
        .forEach(
            (name, n) ->
                assertEquals(n, counters.get(name), "REST counter " + name + " in " + counters));
  }

  @Test
  @Order(2)
  void preprocessSurvivesAKilledTaskManagerWithExactRecords() throws Exception {
    String name = "lfs-preprocess-fault";
    CompletableFuture<DatasetManifest> run =
        async(() -> preprocess(name, tmp.resolve("fault-out")));
    JsonNode job = killTaskManagerWhen(name, run, () -> true);

    DatasetManifest m = run.get(10, TimeUnit.MINUTES);
    assertRecoveredAndFinished(name, job);
    assertEquals(direct, m);
    OutputFolders.assertSameRecords(tmp.resolve("direct"), tmp.resolve("fault-out"));
    OutputFolders.assertCompleteAndUnique(tmp.resolve("fault-out"));
  }

  @Test
  @Order(3)
  void searchRunsOnTheClusterWithItsCounters() throws Exception {
    Path out = undisturbedSearch();
    JsonNode job = cluster.job("lfs-search-it");
    assertEquals("FINISHED", job.path("state").asText(), job.toString());
    assertTrue(Files.isRegularFile(out.resolve("model/saved_model.pb")), "exported model");
    Map<String, Long> counters =
        RestCounters.parse(cluster.get("/jobs/" + job.path("jid").asText() + "/accumulators"));
    assertEquals(
        SearchRuns.ROUNDS * SearchRuns.CANDIDATES,
        counters.get(PreprocessJobs.key(TrainCandidates.TRAINED)),
        "REST counters " + counters);
  }

  @Test
  @Order(4)
  void searchKilledMidRoundEndsInTheUndisturbedState() throws Exception {
    Path reference = undisturbedSearch();
    String name = "lfs-search-fault";
    Path out = tmp.resolve("search-fault");
    CompletableFuture<Void> run =
        async(
            () -> {
              search(name, out);
              return null;
            });
    // mid-round: a candidate of a round has its checkpoint, the round's policy update has not
    // happened
    JsonNode job =
        killTaskManagerWhen(
            name,
            run,
            () -> {
              for (int r = 1; r <= SearchRuns.ROUNDS; r++) {
                Path round = SearchRuns.round(out, r);
                if (anyCheckpoint(round) && !Files.exists(round.resolve("policy_state.avro"))) {
                  return true;
                }
              }
              return false;
            });

    run.get(10, TimeUnit.MINUTES);
    assertRecoveredAndFinished(name, job);
    SearchRuns.assertSameSearch(reference, out);
  }

  /**
   * Child-process isolation on a real cluster: the job jar is only in Flink's user-code class
   * loader, so the child JVMs must get it on their class path to train at all.
   */
  @Test
  @Order(5)
  void searchWithChildProcessIsolationTrainsEveryCandidate() throws Exception {
    String name = "lfs-search-child";
    List<String> args = new ArrayList<>(List.of(onCluster()));
    args.add("--isolation=child-process");
    SearchPipeline.run(
        SearchRuns.options(
            tmp.resolve("direct"), tmp.resolve("search-child"), name, args.toArray(String[]::new)));
    JsonNode job = cluster.job(name);
    assertEquals("FINISHED", job.path("state").asText(), job.toString());
    Map<String, Long> counters =
        RestCounters.parse(cluster.get("/jobs/" + job.path("jid").asText() + "/accumulators"));
    assertEquals(
        SearchRuns.ROUNDS * SearchRuns.CANDIDATES,
        counters.get(PreprocessJobs.key(TrainCandidates.TRAINED)),
        "REST counters " + counters);
    assertEquals(
        0L,
        counters.getOrDefault(PreprocessJobs.key(TrainCandidates.FAILED), 0L),
        "REST counters " + counters);
  }

  /**
   * A session cluster runs job after job in the same TaskManagers, so a finished job must leave
   * nothing of itself behind. Several things did: a JNA interface mapped in the job (JNA, from the
   * cluster's lib/, held it and with it the job's class loader: ~23 MB of metaspace per job, the
   * ninth job of a compare killed its TaskManager), snappy-java loaded with each job (its native
   * library unpacked again per job, the job's jar kept open through the JDK's jar URL cache: ~6 MB
   * of heap and one open file per job), ImageIO rescanned for plugins by each job, and the threads
   * and registry that JNA, JavaCPP and ImageIO set up once per JVM, which kept the job that first
   * touched them (JvmWideInit). One job of each kind runs first, so that every TaskManager has run
   * each kind (parallelism is all the slots) and whatever the JVM sets up once is set up; then two
   * more of each must leave no TaskManager with more job class loaders or open job jars than
   * before: a per-job leak shows as two more.
   */
  @Test
  @Order(6)
  void moreJobsLeaveNoMoreClassLoadersOrOpenJarsInAnyTaskManager() throws Exception {
    preprocess("lfs-preprocess-warm", tmp.resolve("warm-preprocess"));
    search("lfs-search-warm", tmp.resolve("warm-search"));
    Map<String, List<Long>> before = settledLoadersAndJars();
    for (int i = 1; i <= 2; i++) {
      preprocess("lfs-preprocess-again-" + i, tmp.resolve("again-preprocess-" + i));
      search("lfs-search-again-" + i, tmp.resolve("again-search-" + i));
    }
    Map<String, List<Long>> after = settledLoadersAndJars();
    for (Map.Entry<String, List<Long>> tm : after.entrySet()) {
      List<Long> was = before.getOrDefault(tm.getKey(), List.of(0L, 0L));
      if (tm.getValue().get(0) > was.get(0) || tm.getValue().get(1) > was.get(1)) {
        // what keeps them: the path from a GC root to each ChildFirstClassLoader in this dump
        Path dump = Paths.get("target", tm.getKey() + "-loaders.hprof").toAbsolutePath();
        JvmInspection.heapDump(cluster.pid(tm.getKey()), dump);
        throw new AssertionError(
            tm.getKey()
                + ": [job class loaders, open job jars] "
                + was
                + " before four more jobs, "
                + tm.getValue()
                + " after; heap: "
                + dump);
      }
    }
  }

  /**
   * Per live TaskManager, its job class loaders and open job jars once they stop changing: Flink
   * releases a finished job's loader a few seconds after the job ends.
   */
  private static Map<String, List<Long>> settledLoadersAndJars() throws Exception {
    Map<String, List<Long>> now = new TreeMap<>();
    Map<String, List<Long>> last = null;
    for (int stable = 0, i = 0; stable < 3 && i < 30; i++, Thread.sleep(3000)) {
      now = new TreeMap<>();
      for (String tm : cluster.liveTaskManagers()) {
        long pid = cluster.pid(tm);
        now.put(
            tm,
            List.of(
                JvmInspection.liveInstances(pid, "org.apache.flink.util.ChildFirstClassLoader"),
                (long) JvmInspection.openFiles(pid, "blob_p-").size()));
      }
      stable = now.equals(last) ? stable + 1 : 0;
      last = now;
    }
    return now;
  }

  /** The undisturbed cluster search, run once for the tests that need it. */
  private static synchronized Path undisturbedSearch() throws Exception {
    if (undisturbedSearch == null) {
      Path out = tmp.resolve("search");
      search("lfs-search-it", out);
      undisturbedSearch = out;
    }
    return undisturbedSearch;
  }

  /**
   * Waits until the named job runs tasks and {@code now} holds, then SIGKILLs the first live
   * TaskManager (by the PID cluster.sh recorded) and starts a replacement. Returns the job as it
   * was at the kill.
   */
  private static JsonNode killTaskManagerWhen(
      String name, CompletableFuture<?> run, BooleanSupplier now) throws Exception {
    JsonNode job = null;
    while (!run.isDone()) {
      job = cluster.job(name);
      if (job != null && job.path("tasks").path("running").asInt() > 0 && now.getAsBoolean()) {
        break;
      }
      Thread.sleep(200);
    }
    assertFalse(run.isDone(), "the job ended before the fault could be injected");
    assertEquals("RUNNING", job.path("state").asText(), job.toString());

    String victim = cluster.liveTaskManagers().get(0);
    ProcessHandle tm =
        ProcessHandle.of(cluster.pid(victim))
            .orElseThrow(() -> new AssertionError(victim + " is not running"));
    assertTrue(tm.destroyForcibly(), "SIGKILL to " + victim);
    tm.onExit().get(30, TimeUnit.SECONDS);
    cluster.startTaskManager();
    return job;
  }

  private static void assertRecoveredAndFinished(String name, JsonNode jobAtKill) throws Exception {
    assertEquals("FINISHED", cluster.job(name).path("state").asText());
    JsonNode exceptions = cluster.get("/jobs/" + jobAtKill.path("jid").asText() + "/exceptions");
    assertFalse(
        exceptions.path("exceptionHistory").path("entries").isEmpty(),
        "the lost TaskManager was seen and recovered from: " + exceptions);
  }

  private static boolean anyCheckpoint(Path round) {
    if (!Files.isDirectory(round)) {
      return false;
    }
    try (Stream<Path> s = Files.list(round)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".ckpt"));
    } catch (IOException e) {
      return false;
    }
  }

  private static <T> CompletableFuture<T> async(Callable<T> work) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return work.call();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
