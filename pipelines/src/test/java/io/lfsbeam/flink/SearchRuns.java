package io.lfsbeam.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.pipelines.SearchOptions;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * A small search (tiny backbone, 2 rounds x 4 candidates) and the comparison of two of its outputs.
 */
final class SearchRuns {
  static final int ROUNDS = 2;
  static final int CANDIDATES = 4;

  private SearchRuns() {}

  static SearchOptions options(Path data, Path output, String jobName, String... runnerArgs) {
    PipelineOptionsFactory.register(RecordingRunner.Options.class);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--data=" + data,
                "--output=" + output,
                "--searchId=flink-it",
                "--backbone=tiny",
                "--rounds=" + ROUNDS,
                "--candidates=" + CANDIDATES,
                "--stepsPerRound=12",
                "--batchSize=32",
                "--threads=1",
                "--device=cpu",
                "--seed=5",
                "--jobName=" + jobName,
                "--runner=" + RecordingRunner.class.getName()));
    args.addAll(List.of(runnerArgs));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .withValidation()
        .as(SearchOptions.class);
  }

  static Path round(Path output, int round) {
    return output.resolve(String.format(Locale.ROOT, "round-%04d", round));
  }

  /**
   * The same search state: per round the candidates, policy state, validation metrics, training
   * outcomes (without wall-clock fields) and candidate checkpoints (byte for byte), and the final
   * test metrics. Paths inside records are compared relative to each output folder.
   */
  static void assertSameSearch(Path expected, Path actual) throws IOException {
    for (int r = 1; r <= ROUNDS; r++) {
      for (String f :
          List.of(
              "candidates.avro", "policy_state.avro", "eval_metrics.avro", "train_results.avro")) {
        assertEquals(
            records(round(expected, r).resolve(f), expected),
            records(round(actual, r).resolve(f), actual),
            "round " + r + " " + f);
      }
      for (int c = 0; c < CANDIDATES; c++) {
        String ckpt = String.format(Locale.ROOT, "candidate-%03d.ckpt", c);
        assertArrayEquals(
            Files.readAllBytes(round(expected, r).resolve(ckpt)),
            Files.readAllBytes(round(actual, r).resolve(ckpt)),
            "round " + r + " " + ckpt);
      }
    }
    assertEquals(
        records(expected.resolve("final/test_metrics.avro"), expected),
        records(actual.resolve("final/test_metrics.avro"), actual),
        "final test metrics");
    PolicyState last =
        AvroFiles.read(
                round(actual, ROUNDS).resolve("policy_state.avro").toString(), PolicyState.class)
            .get(0);
    assertEquals(ROUNDS, last.getRound());
  }

  /** A file's records as text, with its folder replaced by a placeholder and timings zeroed. */
  private static List<String> records(Path file, Path root) throws IOException {
    List<String> out = new ArrayList<>();
    for (SpecificRecord r : read(file)) {
      if (r instanceof TrainResult t) {
        r =
            TrainResult.newBuilder(t)
                .setStartMillis(0)
                .setEndMillis(0)
                .setWallMillis(0)
                .setImagesPerSecond(0)
                .setTrainingSeconds(0.0)
                .build();
      }
      out.add(r.toString().replace(root.toAbsolutePath().toString(), "<output>"));
    }
    assertFalse(out.isEmpty(), "records in " + file);
    return out;
  }

  private static List<? extends SpecificRecord> read(Path file) throws IOException {
    String name = file.getFileName().toString();
    Class<? extends SpecificRecord> type =
        switch (name) {
          case "policy_state.avro" -> PolicyState.class;
          case "eval_metrics.avro", "test_metrics.avro" -> EvalMetrics.class;
          case "train_results.avro" -> TrainResult.class;
          case "candidates.avro" -> LossCandidate.class;
          default -> throw new IllegalArgumentException(name);
        };
    return AvroFiles.read(file.toString(), type);
  }
}
