package io.lfsbeam.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lfsbeam.pipelines.PreprocessPipeline;
import io.lfsbeam.schemas.DatasetManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone Flink 1.19 session cluster (1 JobManager, 2 TaskManagers x 2 slots, separate
 * JVMs on 127.0.0.1, started by deploy/flink/cluster.sh) receives the preprocess pipeline as
 * lfs-job.jar through the FlinkRunner, like a data engineer's submission; the records must equal
 * the DirectRunner's, also when a TaskManager is killed with SIGKILL in the middle of the job.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkClusterIT {
  @TempDir static Path tmp;
  static Path input;
  static Path jobJar;
  static DatasetManifest direct;
  static FlinkCluster cluster;

  @BeforeAll
  static void startClusterAndRunTheReference() throws Exception {
    jobJar = Paths.get(System.getProperty("lfs.job.jar", "target/lfs-job.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jobJar), "no job jar at " + jobJar + ": run mvn package (or verify) first");
    // the cluster's JVMs start while the DirectRunner makes the reference output
    CompletableFuture<FlinkCluster> starting = CompletableFuture.supplyAsync(() -> {
      try {
        return FlinkCluster.start(tmp.resolve("cluster"), 2, 2);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      input = PreprocessJobs.synthesize(tmp.resolve("synth"), 16, 5);
      direct = PreprocessPipeline.run(PreprocessJobs.options(input, tmp.resolve("direct"), "reference",
          "--delegateRunner=DirectRunner"));
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

  private static DatasetManifest submit(String jobName, Path output) throws Exception {
    // parallelism = all 4 slots: a replacement TaskManager must take over a killed one's share
    return PreprocessPipeline.run(PreprocessJobs.options(input, output, jobName, "--delegateRunner=FlinkRunner",
        "--flinkMaster=" + cluster.flinkMaster(), "--parallelism=4", "--filesToStage=" + jobJar));
  }

  @Test
  @Order(1)
  void submittedJobFinishesWithTheDirectRunnersRecordsAndCounters() throws Exception {
    DatasetManifest m = submit("lfs-preprocess-it", tmp.resolve("cluster-out"));

    JsonNode job = cluster.job("lfs-preprocess-it");
    assertEquals("FINISHED", job.path("state").asText(), job.toString());
    assertEquals(direct, m);
    OutputFolders.assertSameRecords(tmp.resolve("direct"), tmp.resolve("cluster-out"));

    // Beam counters through Flink's REST API, as a dashboard or monitoring would read them
    Map<String, Long> counters = RestCounters.parse(cluster.get("/jobs/" + job.path("jid").asText() + "/accumulators"));
    PreprocessJobs.expectedCounters(direct).forEach((name, n) ->
        assertEquals(n, counters.get(name), "REST counter " + name + " in " + counters));
  }

  @Test
  @Order(2)
  void killedTaskManagerIsReplacedAndTheRecordsStayExact() throws Exception {
    String name = "lfs-preprocess-fault";
    CompletableFuture<DatasetManifest> run = CompletableFuture.supplyAsync(() -> {
      try {
        return submit(name, tmp.resolve("fault-out"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    // wait until the job's tasks run (not a timing assertion: the job takes about a minute)
    JsonNode job = null;
    for (int i = 0; i < 300 && !run.isDone(); i++) {
      job = cluster.job(name);
      if (job != null && job.path("tasks").path("running").asInt() > 0) {
        break;
      }
      Thread.sleep(500);
    }
    assertFalse(run.isDone(), "the job ended before the fault could be injected");
    assertTrue(job != null && job.path("state").asText().equals("RUNNING"), String.valueOf(job));

    long pid = cluster.pid("taskmanager-1");
    ProcessHandle tm = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("taskmanager-1 not running"));
    assertTrue(tm.destroyForcibly(), "SIGKILL to taskmanager-1");
    tm.onExit().get(30, TimeUnit.SECONDS);
    cluster.startTaskManager();

    DatasetManifest m = run.get(10, TimeUnit.MINUTES);
    String jid = job.path("jid").asText();
    assertEquals("FINISHED", cluster.job(name).path("state").asText());
    JsonNode exceptions = cluster.get("/jobs/" + jid + "/exceptions");
    assertFalse(exceptions.path("exceptionHistory").path("entries").isEmpty(),
        "the loss of taskmanager-1 was seen and recovered from: " + exceptions);
    assertEquals(direct, m);
    OutputFolders.assertSameRecords(tmp.resolve("direct"), tmp.resolve("fault-out"));
    OutputFolders.assertCompleteAndUnique(tmp.resolve("fault-out"));
  }
}
