package io.lfsbeam.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lfsbeam.insightface.DamagedReferencePack;
import io.lfsbeam.pipelines.PreprocessOptions;
import io.lfsbeam.pipelines.PreprocessPipeline;
import io.lfsbeam.schemas.DatasetManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An insightface pack (the reference pack, damaged three ways) through preprocess on Flink's
 * embedded cluster with parallelism 2 — the pack source split by .idx ranges — writes the same
 * records as the DirectRunner.
 */
class FlinkPackTest {
  @TempDir static Path tmp;
  static DatasetManifest direct;
  static DatasetManifest flink;

  static PreprocessOptions options(Path pack, Path output, String job, String... runnerArgs) {
    PipelineOptionsFactory.register(RecordingRunner.Options.class);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input=" + pack,
                "--output=" + output,
                "--pairsPerFold=10",
                "--seed=3",
                "--trainFraction=0.6",
                "--valFraction=0.2",
                "--testFraction=0.2",
                "--jobName=" + job,
                "--runner=" + RecordingRunner.class.getName()));
    args.addAll(List.of(runnerArgs));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .withValidation()
        .as(PreprocessOptions.class);
  }

  @BeforeAll
  static void runBoth() throws Exception {
    Path pack = DamagedReferencePack.write(tmp.resolve("pack"));
    direct =
        PreprocessPipeline.run(
            options(pack, tmp.resolve("direct"), "pack-direct", "--delegateRunner=DirectRunner"));
    PreprocessOptions o =
        options(
            pack,
            tmp.resolve("flink"),
            "pack-flink",
            "--delegateRunner=FlinkRunner",
            "--flinkMaster=[local]",
            "--parallelism=2");
    o.as(FlinkPipelineOptions.class).setFilesToStage(List.of());
    flink = PreprocessPipeline.run(o);
  }

  @Test
  void flinkWritesTheSameRecordsAsTheDirectRunner() throws Exception {
    assertEquals(DamagedReferencePack.INPUTS, direct.getInputs());
    assertEquals(DamagedReferencePack.READABLE_FACES, direct.getAccepted());
    assertEquals(
        Map.of("BAD_INDEX_LINE", 1L, "BAD_MAGIC", 1L, "TRUNCATED", 1L),
        direct.getDeadLettersPerReason());
    assertEquals(direct, flink, "manifests");
    OutputFolders.assertSameRecords(tmp.resolve("direct"), tmp.resolve("flink"));
    OutputFolders.assertCompleteAndUnique(tmp.resolve("flink"));
  }

  @Test
  void bothRunnersReportTheCountersTheManifestImplies() {
    Map<String, Long> want = PreprocessJobs.expectedCounters(direct);
    for (String job : new String[] {"pack-direct", "pack-flink"}) {
      Map<String, Long> got = PreprocessJobs.counters(RecordingRunner.resultOf(job));
      want.forEach(
          (name, n) -> assertEquals(n, got.get(name), job + " counter " + name + " in " + got));
    }
  }
}
