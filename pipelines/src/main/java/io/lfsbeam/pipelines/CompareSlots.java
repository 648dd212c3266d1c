package io.lfsbeam.pipelines;

import java.time.Duration;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many candidates compare may train at once, summed over its runs, and how many TensorFlow
 * threads each gets.
 *
 * <ul>
 *   <li>the embedded Flink MiniCluster (the command line's default) and the DirectRunner run in
 *       this JVM: {@code --parallelism} (Flink) or {@code --targetParallelism} (Direct) when given,
 *       else one slot per core;
 *   <li>a Flink cluster ({@code --flinkMaster=host:port}): its slots, asked from its REST {@code
 *       /overview} ({@link FlinkOverview}); when it does not answer, {@code --parallelism}, else
 *       one.
 * </ul>
 *
 * <p>Threads: every run of compare is its own pipeline, and a run's candidates each open a
 * TensorFlow session; with {@code --threads=0} (TensorFlow's default, all cores) S concurrently
 * training candidates in one JVM would start S × cores threads. In this JVM compare therefore gives
 * each candidate cores / S threads (at least one) when {@code --threads} is 0; an explicit {@code
 * --threads} is kept. On a cluster the client cannot see the TaskManagers' cores: {@code --threads}
 * is passed on as given (set it to the cores per slot).
 *
 * @param slots the budget S
 * @param threadsPerCandidate the {@code --threads} every run gets
 * @param where what the budget came from, for the log
 */
record CompareSlots(int slots, int threadsPerCandidate, String where) {
  private static final Logger LOG = LoggerFactory.getLogger(CompareSlots.class);

  /** How long compare waits for a cluster's /overview. */
  static final Duration OVERVIEW_TIMEOUT = Duration.ofSeconds(10);

  static CompareSlots of(PipelineOptions o, int threads) {
    return of(o, threads, Runtime.getRuntime().availableProcessors());
  }

  static CompareSlots of(PipelineOptions o, int threads, int cores) {
    boolean embedded =
        o.getRunner() == DirectRunner.class
            && Runners.embeddedDefault() == Runners.Embedded.FLINK_LOCAL;
    if (o.getRunner() == FlinkRunner.class || embedded) {
      FlinkPipelineOptions f = o.as(FlinkPipelineOptions.class);
      Integer parallelism =
          f.getParallelism() != null && f.getParallelism() > 0 ? f.getParallelism() : null;
      String master = embedded ? Runners.FLINK_LOCAL_MASTER : f.getFlinkMaster();
      if (master == null || master.startsWith("[")) {
        int s = parallelism != null ? parallelism : cores;
        return local(s, threads, cores, "embedded Flink, " + s + " slot" + (s == 1 ? "" : "s"));
      }
      try {
        FlinkOverview overview = FlinkOverview.fetch(master, OVERVIEW_TIMEOUT);
        int s = Math.max(1, overview.slotsTotal());
        return new CompareSlots(s, threads, "Flink cluster " + master + ": " + overview);
      } catch (FlinkOverview.UnreachableException e) {
        int s = parallelism != null ? parallelism : 1;
        LOG.warn("compare: {}; planning for {} slot{}", e.getMessage(), s, s == 1 ? "" : "s");
        return new CompareSlots(s, threads, "Flink cluster " + master + " (not asked: " + s + ")");
      }
    }
    if (o.getRunner() == DirectRunner.class) {
      int s = Math.max(1, o.as(DirectOptions.class).getTargetParallelism());
      return local(s, threads, cores, "DirectRunner, target parallelism " + s);
    }
    return new CompareSlots(1, threads, o.getRunner().getSimpleName() + ": one run at a time");
  }

  private static CompareSlots local(int slots, int threads, int cores, String where) {
    int t = threads > 0 ? threads : Math.max(1, cores / Math.max(1, slots));
    return new CompareSlots(Math.max(1, slots), t, where);
  }
}
