package io.lfsbeam.cli;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.pipelines.PreprocessOptions;
import io.lfsbeam.pipelines.PreprocessPipeline;
import io.lfsbeam.pipelines.Runners;
import io.lfsbeam.pipelines.SearchOptions;
import io.lfsbeam.pipelines.SearchPipeline;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.search.SearchLayout;
import io.lfsbeam.synth.SyntheticFaces;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Orchestration overhead of the search: for each round, round wall time (from the previous round's
 * policy state, or the first candidate's start, to this round's policy state) against its slowest
 * candidate's training time. overhead = (round wall − slowest training) / round wall; it also holds
 * the candidates' evaluation, so it is an upper bound on what Beam itself costs.
 */
final class SearchOverheadBench {
  private SearchOverheadBench() {}

  record Row(String runner, int round, double wallSeconds, double slowestSeconds) {
    double overheadPercent() {
      return 100 * (wallSeconds - slowestSeconds) / wallSeconds;
    }
  }

  static void run(Path work, int rounds, int candidates, long stepsPerRound, PrintStream out)
      throws Exception {
    Path data = work.resolve("data");
    if (!Files.exists(data.resolve("manifest.avro"))) {
      SyntheticFaces.builder()
          .identities(30)
          .imagesPerIdentity(8)
          .imageSize(112)
          .seed(3)
          .build()
          .write(work.resolve("faces"));
      PreprocessPipeline.run(
          PipelineOptionsFactory.fromArgs(
                  "--input=" + work.resolve("faces"),
                  "--landmarks=" + work.resolve("faces/landmarks.txt"),
                  "--output=" + data,
                  "--pairsPerFold=20")
              .as(PreprocessOptions.class));
    }
    List<Row> rows = new ArrayList<>();
    for (String runner : List.of("DirectRunner", "FlinkRunner")) {
      Path output = work.resolve("search-" + runner);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--data=" + data,
                  "--output=" + output,
                  "--rounds=" + rounds,
                  "--candidates=" + candidates,
                  "--epochsPerRound=0",
                  "--stepsPerRound=" + stepsPerRound,
                  "--batchSize=32",
                  "--threads=1",
                  "--searchId=overhead",
                  "--runner=" + runner));
      if (runner.equals("FlinkRunner")) {
        args.add("--flinkMaster=[local]");
        args.add("--parallelism=" + candidates);
      }
      SearchOptions options =
          PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(SearchOptions.class);
      // the DirectRunner row measures Beam's DirectRunner, not the command line's default
      Runners.runWithEmbeddedDefault(
          runner.equals("DirectRunner") ? Runners.Embedded.DIRECT : Runners.embeddedDefault(),
          () -> SearchPipeline.run(options));
      long previousEnd = -1;
      for (int round = 1; round <= rounds; round++) {
        SearchLayout layout = SearchLayout.at(output.toString());
        List<TrainResult> rs = AvroFiles.read(layout.trainResults(round), TrainResult.class);
        long end = Files.getLastModifiedTime(Path.of(layout.policyState(round))).toMillis();
        long start =
            previousEnd > 0
                ? previousEnd
                : rs.stream().mapToLong(TrainResult::getStartMillis).min().orElse(end);
        long slowest = rs.stream().mapToLong(TrainResult::getWallMillis).max().orElse(0);
        rows.add(new Row(runner, round, (end - start) / 1000.0, slowest / 1000.0));
        previousEnd = end;
      }
    }
    out.println(
        "search orchestration overhead ("
            + candidates
            + " candidates, "
            + stepsPerRound
            + " steps per round, tiny)");
    out.println("runner        round  round wall (s)  slowest training (s)  overhead (%)");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "%-13s %5d  %14.1f  %20.1f  %12.1f%n",
          r.runner(),
          r.round(),
          r.wallSeconds(),
          r.slowestSeconds(),
          r.overheadPercent());
    }
  }
}
