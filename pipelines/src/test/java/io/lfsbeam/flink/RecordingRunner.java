package io.lfsbeam.flink;

import io.lfsbeam.pipelines.Runners;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Runs a pipeline on the DirectRunner or the FlinkRunner and keeps its {@link PipelineResult} by
 * job name, so a test can read the Beam counters of a run that {@code PreprocessPipeline.run}
 * starts and waits for itself ({@code --runner=io.lfsbeam.flink.RecordingRunner
 * --delegateRunner=FlinkRunner}).
 */
public final class RecordingRunner extends PipelineRunner<PipelineResult> {
  private static final Map<String, PipelineResult> RESULTS = new ConcurrentHashMap<>();

  public interface Options extends PipelineOptions {
    @Description("DirectRunner or FlinkRunner")
    @Default.String("DirectRunner")
    String getDelegateRunner();

    void setDelegateRunner(String value);
  }

  private final PipelineOptions options;

  private RecordingRunner(PipelineOptions options) {
    this.options = options;
  }

  public static RecordingRunner fromOptions(PipelineOptions options) {
    return new RecordingRunner(options);
  }

  /** The result of the run with this job name, or throws if there was none. */
  public static PipelineResult resultOf(String jobName) {
    PipelineResult r = RESULTS.get(jobName);
    if (r == null) {
      throw new IllegalStateException(
          "no run recorded as " + jobName + " (recorded: " + RESULTS.keySet() + ")");
    }
    return r;
  }

  @Override
  public PipelineResult run(Pipeline pipeline) {
    PipelineRunner<? extends PipelineResult> delegate =
        switch (options.as(Options.class).getDelegateRunner()) {
          case "DirectRunner" -> {
            options.setRunner(DirectRunner.class);
            Runners.configure(options); // as the CLI runs it
            yield DirectRunner.fromOptions(options);
          }
          case "FlinkRunner" -> {
            options.setRunner(FlinkRunner.class);
            yield FlinkRunner.fromOptions(options);
          }
          default ->
              throw new IllegalArgumentException(
                  "--delegateRunner must be DirectRunner or FlinkRunner");
        };
    PipelineResult result = delegate.run(pipeline);
    RESULTS.put(options.getJobName(), result);
    return result;
  }
}
