package io.lfsbeam.flink;

import io.lfsbeam.pipelines.PreprocessOptions;
import io.lfsbeam.preprocess.DeadLetters;
import io.lfsbeam.preprocess.PreprocessCounters;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.synth.SyntheticFaces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Synthetic inputs and preprocess options shared by the Flink tests. */
final class PreprocessJobs {
  private PreprocessJobs() {}

  /** Small synthetic faces with every kind of broken file among them; byte-identical for a seed. */
  static Path synthesize(Path dir, int identities, int imagesPerIdentity) throws Exception {
    SyntheticFaces.builder()
        .identities(identities)
        .imagesPerIdentity(imagesPerIdentity)
        .imageSize(128)
        .seed(11)
        .difficulty(0.5)
        .corruptFraction(0.08)
        .build()
        .write(dir);
    return dir;
  }

  /**
   * Preprocess options for {@code input} → {@code output}; {@code runnerArgs} pick and tune the
   * runner.
   */
  static PreprocessOptions options(Path input, Path output, String jobName, String... runnerArgs) {
    PipelineOptionsFactory.register(RecordingRunner.Options.class);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input=" + input,
                "--landmarks=" + input.resolve(SyntheticFaces.LANDMARKS_FILE),
                "--output=" + output,
                "--pairsPerFold=10",
                "--seed=3",
                "--trainFraction=0.5",
                "--valFraction=0.25",
                "--testFraction=0.25",
                "--jobName=" + jobName,
                "--runner=" + RecordingRunner.class.getName()));
    args.addAll(List.of(runnerArgs));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .withValidation()
        .as(PreprocessOptions.class);
  }

  /** A counter as Flink's REST API and {@link #counters} name it: {@code namespace/name}. */
  static String key(MetricName name) {
    return name.getNamespace() + "/" + name.getName();
  }

  /** The same preprocess options with no runner option at all, as a user types them. */
  static PreprocessOptions optionsWithoutRunner(Path input, Path output) {
    return PipelineOptionsFactory.fromArgs(
            "--input=" + input,
            "--landmarks=" + input.resolve(SyntheticFaces.LANDMARKS_FILE),
            "--output=" + output,
            "--pairsPerFold=10",
            "--seed=3",
            "--trainFraction=0.5",
            "--valFraction=0.25",
            "--testFraction=0.25")
        .withValidation()
        .as(PreprocessOptions.class);
  }

  /** Attempted counter values of a finished run as "namespace/name" → sum over steps. */
  static Map<String, Long> counters(PipelineResult result) {
    MetricQueryResults q = result.metrics().queryMetrics(MetricsFilter.builder().build());
    Map<String, Long> sums = new TreeMap<>();
    for (MetricResult<Long> c : q.getCounters()) {
      Long v = c.getAttempted();
      sums.merge(key(c.getName()), v == null ? 0 : v, Long::sum);
    }
    return sums;
  }

  /** The counters a preprocess run must report, derived from its manifest. */
  static Map<String, Long> expectedCounters(DatasetManifest m) {
    Map<String, Long> want = new TreeMap<>();
    want.put(key(PreprocessCounters.LISTED), m.getInputs());
    m.getDeadLettersPerReason()
        .forEach((reason, n) -> want.put(DeadLetters.NAMESPACE + "/" + reason, n));
    return want;
  }
}
