package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.SearchMode;
import java.util.List;
import java.util.Set;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.construction.PipelineOptionsTranslation;
import org.junit.jupiter.api.Test;

/** compare's slot budget per runner, the threads each candidate gets, and each run's options. */
class CompareSlotsTest {
  private static PipelineOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(CompareOptions.class);
  }

  @Test
  void embeddedFlinkHasASlotPerCoreOrItsParallelism() throws Exception {
    Runners.runWithEmbeddedDefault(
        Runners.Embedded.FLINK_LOCAL,
        () -> {
          CompareSlots s = CompareSlots.of(options(), 0, 8);
          assertEquals(8, s.slots());
          assertEquals(1, s.threadsPerCandidate(), "8 cores over 8 slots");
          CompareSlots p = CompareSlots.of(options("--parallelism=2"), 0, 8);
          assertEquals(2, p.slots());
          assertEquals(4, p.threadsPerCandidate(), "8 cores over 2 slots");
          assertEquals(3, CompareSlots.of(options("--parallelism=2"), 3, 8).threadsPerCandidate());
        });
    CompareSlots local =
        CompareSlots.of(
            options("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=3"), 0, 2);
    assertEquals(3, local.slots());
    assertEquals(1, local.threadsPerCandidate(), "never fewer than one thread");
  }

  @Test
  void directRunnerUsesItsTargetParallelism() {
    CompareSlots s = CompareSlots.of(options("--targetParallelism=4"), 0, 8);
    assertEquals(4, s.slots());
    assertEquals(2, s.threadsPerCandidate());
  }

  /** A cluster's slots come from its /overview; threads stay as given (its cores are unseen). */
  @Test
  void aFlinkClusterIsAskedForItsSlots() throws Exception {
    try (FakeFlinkRest cluster = new FakeFlinkRest(FakeFlinkRest.overview(2, 4, 4))) {
      CompareSlots s =
          CompareSlots.of(
              options("--runner=FlinkRunner", "--flinkMaster=" + cluster.master()), 0, 2);
      assertEquals(4, s.slots());
      assertEquals(0, s.threadsPerCandidate());
      assertTrue(s.where().contains("2 TaskManagers"), s.where());
    }
    try (FakeFlinkRest notFlink = new FakeFlinkRest(null)) {
      CompareSlots s =
          CompareSlots.of(
              options(
                  "--runner=FlinkRunner", "--flinkMaster=" + notFlink.master(), "--parallelism=3"),
              0,
              2);
      assertEquals(3, s.slots(), "unanswered: --parallelism");
    }
  }

  /**
   * Each run parses its own copy of compare's options: the run's folder, seed, mode, loss, threads
   * and share of the slots are set on it, everything else is compare's, and compare's own options
   * are left alone.
   */
  @Test
  void eachRunHasItsOwnOptions() {
    CompareOptions o =
        PipelineOptionsFactory.fromArgs(
                "--data=/data/orl",
                "--output=/out",
                "--runner=FlinkRunner",
                "--flinkMaster=[local]",
                "--backbone=resnet20",
                "--rounds=3",
                "--candidates=4",
                "--sigma=0.3",
                "--seed=5")
            .as(CompareOptions.class);
    CompareRun run =
        new CompareRun(
            CompareMethod.population("cosface"),
            6,
            Set.of(),
            2,
            12,
            PipelineOptionsTranslation.toJson(o),
            "/out",
            1,
            List.of(),
            Set.of());
    SearchOptions s =
        run.options(CompareMethod.population("cosface"), "/out/population-cosface/seed-6");
    assertEquals("/out/population-cosface/seed-6", s.getOutput());
    assertEquals(6, s.getSeed());
    assertEquals(SearchMode.POPULATION, s.getMode().schema());
    assertEquals("cosface", s.getLoss());
    assertEquals("population-cosface-seed-6", s.getSearchId());
    assertEquals(1, s.getThreads());
    assertEquals(2, s.as(FlinkPipelineOptions.class).getParallelism());
    assertEquals(2, s.as(DirectOptions.class).getTargetParallelism());
    assertEquals(FlinkRunner.class, s.getRunner());
    assertEquals("[local]", s.as(FlinkPipelineOptions.class).getFlinkMaster());
    assertEquals("/data/orl", s.getData());
    assertEquals(3, s.getRounds());
    assertEquals(4, s.getCandidates());
    assertEquals(0.3, s.getSigma(), 0);
    assertEquals("RESNET20", s.getBackbone().name());
    // compare's options are untouched
    assertEquals("/out", o.getOutput());
    assertEquals(5, o.getSeed());
    assertEquals(0, o.getThreads());
    assertEquals(DirectRunner.class, PipelineOptionsFactory.create().getRunner());
  }
}
