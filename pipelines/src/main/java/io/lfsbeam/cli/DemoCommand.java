package io.lfsbeam.cli;

import io.lfsbeam.pipelines.DemoOptions;
import io.lfsbeam.pipelines.PreprocessOptions;
import io.lfsbeam.pipelines.PreprocessPipeline;
import io.lfsbeam.pipelines.SearchOptions;
import io.lfsbeam.pipelines.SearchPipeline;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.search.SearchLayout;
import io.lfsbeam.synth.SyntheticFaces;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lfs demo}: synthetic faces → preprocess → a short Search-Softmax search (tiny backbone) →
 * final evaluation → report, on the embedded default runner (Flink's MiniCluster). The first thing
 * a new user runs.
 */
final class DemoCommand implements Command<DemoOptions> {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "Run everything end to end on synthetic faces: synth, preprocess, a short Search-Softmax search, report";
  }

  @Override
  public Class<DemoOptions> optionsType() {
    return DemoOptions.class;
  }

  @Override
  public void validate(DemoOptions o) {
    Checks.positive("identities", o.getIdentities());
    Checks.positive("rounds", o.getRounds());
    Checks.positive("candidates", o.getCandidates());
    Checks.positive("epochsPerRound", o.getEpochsPerRound());
    if (o.getImagesPerIdentity() < 4) {
      throw new UsageException("--imagesPerIdentity must be at least 4 for verification pairs");
    }
    Checks.writableFolder("output", o.getOutput());
  }

  @Override
  public List<String> outputs(DemoOptions o) {
    return List.of(o.getOutput());
  }

  @Override
  public int run(DemoOptions o) throws Exception {
    Path root = Paths.get(o.getOutput()).toAbsolutePath().normalize();
    long start = System.nanoTime();
    LOG.info(
        "demo 1/3: drawing {} synthetic identities x {} images",
        o.getIdentities(),
        o.getImagesPerIdentity());
    SyntheticFaces.builder()
        .identities(o.getIdentities())
        .imagesPerIdentity(o.getImagesPerIdentity())
        .imageSize(160)
        .seed(o.getSeed())
        .build()
        .write(root.resolve("faces"));

    LOG.info("demo 2/3: preprocess (align to 112x112, split by identity, pairs)");
    DatasetManifest m =
        PreprocessPipeline.run(
            PipelineOptionsFactory.fromArgs(
                    "--input=" + root.resolve("faces"),
                    "--landmarks=" + root.resolve("faces/landmarks.txt"),
                    "--output=" + root.resolve("data"),
                    "--trainFraction=0.5",
                    "--valFraction=0.25",
                    "--testFraction=0.25",
                    "--pairsPerFold=30",
                    "--seed=" + o.getSeed())
                .as(PreprocessOptions.class));

    LOG.info(
        "demo 3/3: Search-Softmax, {} rounds x {} candidates, tiny backbone",
        o.getRounds(),
        o.getCandidates());
    SearchOptions s =
        PipelineOptionsFactory.fromArgs(
                "--data=" + root.resolve("data"),
                "--output=" + root.resolve("search"),
                "--mode=search",
                "--rounds=" + o.getRounds(),
                "--candidates=" + o.getCandidates(),
                "--backbone=tiny",
                "--epochsPerRound=" + o.getEpochsPerRound(),
                "--minStepsPerRound=0",
                "--batchSize=32",
                "--threads=1",
                "--seed=" + o.getSeed())
            .as(SearchOptions.class);
    EvalMetrics test = SearchPipeline.run(s);

    System.out.printf(
        Locale.ROOT,
        "demo: %d faces (%d identities) -> %d aligned; search %d rounds x %d candidates;"
            + " final model test accuracy %.4f ± %.4f in %.0f s%n",
        m.getInputs(),
        o.getIdentities(),
        m.getAccepted(),
        o.getRounds(),
        o.getCandidates(),
        test.getAccuracyMean(),
        test.getAccuracyStd(),
        (System.nanoTime() - start) / 1e9);
    System.out.println(
        "demo: report "
            + root.resolve("search").resolve(SearchLayout.REPORT)
            + ", model "
            + root.resolve("search").resolve(SearchLayout.MODEL));
    return 0;
  }
}
