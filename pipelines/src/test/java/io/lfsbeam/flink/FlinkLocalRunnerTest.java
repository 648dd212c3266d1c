package io.lfsbeam.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.pipelines.PreprocessOptions;
import io.lfsbeam.pipelines.PreprocessPipeline;
import io.lfsbeam.pipelines.Runners;
import io.lfsbeam.preprocess.PreprocessCounters;
import io.lfsbeam.schemas.DatasetManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preprocess pipeline on the FlinkRunner's embedded cluster ({@code --flinkMaster=[local]},
 * parallelism 2) writes the same records as on the DirectRunner, and both report the Beam counters;
 * so does the command line's embedded default (no runner option: Flink's MiniCluster, a slot per
 * core, fasterCopy).
 */
class FlinkLocalRunnerTest {
  @TempDir static Path tmp;
  static DatasetManifest direct;
  static DatasetManifest flink;
  static DatasetManifest embeddedDefault;

  @BeforeAll
  static void runBoth() throws Exception {
    Path input = PreprocessJobs.synthesize(tmp.resolve("synth"), 12, 4);
    direct =
        PreprocessPipeline.run(
            PreprocessJobs.options(
                input, tmp.resolve("direct"), "local-direct", "--delegateRunner=DirectRunner"));
    PreprocessOptions o =
        PreprocessJobs.options(
            input,
            tmp.resolve("flink"),
            "local-flink",
            "--delegateRunner=FlinkRunner",
            "--flinkMaster=[local]",
            "--parallelism=2");
    // the embedded cluster shares this JVM's classes: nothing to stage
    o.as(FlinkPipelineOptions.class).setFilesToStage(List.of());
    flink = PreprocessPipeline.run(o);
    PreprocessOptions none = PreprocessJobs.optionsWithoutRunner(input, tmp.resolve("default"));
    Runners.setEmbeddedDefault(Runners.Embedded.FLINK_LOCAL);
    try {
      embeddedDefault = PreprocessPipeline.run(none);
    } finally {
      Runners.setEmbeddedDefault(Runners.Embedded.DIRECT);
    }
    assertEquals(FlinkRunner.class, none.getRunner(), "no runner option: the embedded Flink");
    assertEquals("[local]", none.as(FlinkPipelineOptions.class).getFlinkMaster());
  }

  @Test
  void flinkWritesTheSameRecordsAsTheDirectRunner() throws Exception {
    assertTrue(direct.getDeadLettered() > 0, "the input has broken files");
    assertEquals(direct, flink, "manifests");
    OutputFolders.assertSameRecords(tmp.resolve("direct"), tmp.resolve("flink"));
    OutputFolders.assertCompleteAndUnique(tmp.resolve("flink"));
  }

  @Test
  void theEmbeddedDefaultWritesTheSameBytesAsTheDirectRunner() throws Exception {
    assertEquals(direct, embeddedDefault, "manifests");
    OutputFolders.assertSameRecords(tmp.resolve("direct"), tmp.resolve("default"));
    OutputFolders.assertCompleteAndUnique(tmp.resolve("default"));
  }

  @Test
  void bothRunnersReportTheCountersTheManifestImplies() {
    Map<String, Long> want = PreprocessJobs.expectedCounters(direct);
    for (String job : new String[] {"local-direct", "local-flink"}) {
      Map<String, Long> got = PreprocessJobs.counters(RecordingRunner.resultOf(job));
      assertFalse(got.isEmpty(), job);
      want.forEach(
          (name, n) -> assertEquals(n, got.get(name), job + " counter " + name + " in " + got));
      assertEquals(
          direct.getAccepted() + direct.getDuplicates(),
          got.get(PreprocessJobs.key(PreprocessCounters.ALIGNED)),
          job + ": every face that aligned is accepted or a duplicate");
    }
  }
}
