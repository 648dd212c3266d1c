package io.lfsbeam.pipelines;

import io.lfsbeam.io.JvmProgress;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a pipeline while logging progress from its Beam counters every few seconds, so a long
 * run is never silent. Runners that do not report counters while running just log the final state.
 */
public final class PipelineProgress {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineProgress.class);

  private PipelineProgress() {}

  /** Reads one counter's attempted value (0 when absent). */
  public static long counter(PipelineResult result, MetricName name) {
    try {
      MetricQueryResults q =
          result
              .metrics()
              .queryMetrics(
                  MetricsFilter.builder()
                      .addNameFilter(MetricNameFilter.named(name.getNamespace(), name.getName()))
                      .build());
      long sum = 0;
      for (MetricResult<Long> c : q.getCounters()) {
        Long v = c.getAttempted();
        sum += v == null ? 0 : v;
      }
      return sum;
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /**
   * Runs the pipeline and waits, logging progress every few seconds: from {@code fromJvm} (counts
   * in {@link JvmProgress}) while {@code run()} blocks, as the embedded Flink MiniCluster's does,
   * then from the result's counters as {@link #waitLogging} does, for runners that return at once.
   */
  public static PipelineResult.State runLogging(
      Pipeline pipeline,
      int everySeconds,
      Supplier<String> fromJvm,
      Function<PipelineResult, String> fromResult) {
    PipelineResult result = runLoggingResult(pipeline, everySeconds, fromJvm, fromResult);
    return result.getState();
  }

  /** {@link #runLogging}, returning the finished pipeline's result (its counters). */
  public static PipelineResult runLoggingResult(
      Pipeline pipeline,
      int everySeconds,
      Supplier<String> fromJvm,
      Function<PipelineResult, String> fromResult) {
    JvmProgress.reset();
    long start = System.nanoTime();
    ScheduledExecutorService logger =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lfs-progress");
              t.setDaemon(true);
              return t;
            });
    logger.scheduleAtFixedRate(
        () -> {
          String text = fromJvm.get();
          if (text != null) {
            LOG.info("{} ({} s)", text, (System.nanoTime() - start) / 1_000_000_000L);
          }
        },
        everySeconds,
        everySeconds,
        TimeUnit.SECONDS);
    PipelineResult result;
    try {
      result = pipeline.run();
    } finally {
      logger.shutdownNow();
    }
    waitLogging(result, everySeconds, fromResult);
    return result;
  }

  /** Polls until done; {@code line} turns the result into a progress line (or null to skip). */
  public static PipelineResult.State waitLogging(
      PipelineResult result, int everySeconds, Function<PipelineResult, String> line) {
    long start = System.nanoTime();
    PipelineResult.State state;
    do {
      state = result.waitUntilFinish(Duration.standardSeconds(everySeconds));
      if (state == null || !state.isTerminal()) {
        String text = line.apply(result);
        if (text != null) {
          LOG.info("{} ({} s)", text, (System.nanoTime() - start) / 1_000_000_000L);
        }
      }
    } while (state == null || !state.isTerminal());
    return state;
  }

  /** "a/b, r/s, ETA t s" from a done count, a total and the elapsed time. */
  public static String eta(long done, long total, long elapsedNanos) {
    if (done <= 0 || total <= 0 || done >= total) {
      return done + "/" + total;
    }
    double rate = done / (elapsedNanos / 1e9);
    return String.format(
        Locale.ROOT, "%d/%d, %.1f/s, ETA %.0f s", done, total, rate, (total - done) / rate);
  }
}
