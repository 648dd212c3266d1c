package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.report.PairOutcomes;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.MethodComparison;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.train.checkpoint.Checkpoint;
import io.lfsbeam.train.checkpoint.CheckpointIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} with a fixed loss, a search and the population control on synthetic faces at a
 * tiny budget (TensorFlow, tiny backbone): the control runs the search machinery with the loss
 * fixed, runs are paired by seed, the table carries the paired intervals and the verdicts, and the
 * runs side by side write what they write one after another.
 */
class ComparePopulationControlTest {
  @TempDir static Path tmp;
  static Path out;
  static Path sequential;

  /**
   * The same compare twice: side by side (the default: as many runs at once as the DirectRunner's
   * target parallelism allows) and one run after another ({@code --concurrentRuns=1}).
   */
  @BeforeAll
  static void compare() throws Exception {
    out = tmp.resolve("cmp");
    ComparePipeline.run(options(out));
    sequential = tmp.resolve("cmp-sequential");
    CompareOptions one = options(sequential);
    one.setConcurrentRuns(1);
    ComparePipeline.run(one);
  }

  private static CompareOptions options(Path output) throws Exception {
    return PipelineOptionsFactory.fromArgs(
            "--data=" + TestData.preprocessed(),
            "--output=" + output,
            "--methods=cosface,search,population:best",
            "--seeds=2",
            "--seed=5",
            "--rounds=2",
            "--candidates=2",
            "--backbone=tiny",
            "--epochsPerRound=0",
            "--stepsPerRound=4",
            "--batchSize=16",
            "--threads=1")
        .withValidation()
        .as(CompareOptions.class);
  }

  /**
   * Runs side by side write the same records as one after another: comparison.avro and every run
   * folder's Avro records, but for wall-clock times (and the folders' own paths). TensorFlow runs
   * on one thread per candidate here (--threads=1), where its CPU kernels are deterministic.
   */
  @Test
  void concurrentAndSequentialRunsWriteTheSameRecords() throws Exception {
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(sequential)) {
      walk.filter(f -> f.toString().endsWith(".avro"))
          .forEach(f -> files.add(sequential.relativize(f).toString()));
    }
    files.sort(null);
    assertTrue(files.contains("comparison.avro"));
    assertTrue(files.size() > 40, files.toString());
    for (String f : files) {
      assertEquals(
          records(sequential, f), records(out, f), "records of " + f + " differ between the runs");
    }
  }

  /** Fields that hold wall-clock times or throughput, which differ between any two runs. */
  static final Set<String> TIMES =
      Set.of(
          "startMillis",
          "endMillis",
          "wallMillis",
          "imagesPerSecond",
          "trainingSeconds",
          "searchWallSeconds");

  /** A file's records as text, times zeroed, the compare's own folder written as {@code <out>}. */
  private static List<String> records(Path root, String file) throws Exception {
    List<String> out = new ArrayList<>();
    try (DataFileReader<GenericRecord> r =
        new DataFileReader<>(root.resolve(file).toFile(), new GenericDatumReader<>())) {
      for (GenericRecord rec : r) {
        for (String t : TIMES) {
          if (rec.getSchema().getField(t) != null && rec.get(t) != null) {
            rec.put(t, rec.get(t) instanceof Long ? (Object) 0L : (Object) 0.0);
          }
        }
        out.add(rec.toString().replace(root.toString(), "<out>"));
      }
    }
    out.sort(null); // candidates trained side by side append in any order
    return out;
  }

  @Test
  void theTableHasThePairedIntervalsAndOneVerdictPerSearch() throws Exception {
    String md = Files.readString(out.resolve("comparison.md"));
    assertTrue(md.contains("Runs are paired by seed"), md);
    assertTrue(md.contains("Reference: AM-Softmax (CosFace) (the fixed loss with the best"), md);
    assertTrue(md.contains("## Paired differences in test accuracy"), md);
    assertTrue(
        md.matches(
            "(?s).*\\| Population control of AM-Softmax \\(CosFace\\) +\\| reference: AM-Softmax.*"),
        md);
    assertTrue(
        md.matches("(?s).*\\| Search-Softmax +\\| control: AM-Softmax \\(CosFace\\), best of M.*"),
        md);
    String verdicts = md.substring(md.indexOf("## Verdict at this budget"));
    String verdict = "(better than|not distinguishable from|worse than)";
    String numbers =
        "\\(Δ [+-]\\d+\\.\\d\\d pp, 95 % interval \\[[+-]\\d+\\.\\d\\d, [+-]\\d+\\.\\d\\d\\], Holm p";
    assertTrue(
        verdicts.matches(
            "(?s).*Search-Softmax is "
                + verdict
                + " the reference AM-Softmax \\(CosFace\\) "
                + numbers
                + ".*; and it is "
                + verdict
                + " its population control \\(AM-Softmax \\(CosFace\\), best of M\\) "
                + numbers
                + ".*; at this budget \\(2 rounds × 2 candidates, 2 seeds\\)\\..*"),
        verdicts);
    assertTrue(verdicts.contains("Holm's correction over the 3 comparisons"), verdicts);
    // one interval on the total noise per row; pair scores exist for every run, so SE pairs too
    String diffs = md.substring(md.indexOf("## Paired differences"), md.indexOf("## Runs")).strip();
    List<String> rows =
        diffs
            .lines()
            .filter(l -> l.startsWith("| ") && !l.startsWith("| method") && !l.startsWith("| ---"))
            .toList();
    assertEquals(3, rows.size(), diffs); // search and control vs reference, search vs control
    for (String row : rows) {
      assertEquals(1, row.split("\\[").length - 1, "one interval: " + row);
      assertEquals(12, row.split("\\|").length - 1, row);
    }
    assertTrue(diffs.contains("clustered by the identities the pairs share"), diffs);
    assertTrue(Files.size(out.resolve("comparison.png")) > 0);
    List<MethodComparison> records =
        AvroFiles.read(out.resolve("comparison.avro").toString(), MethodComparison.class);
    assertEquals(6, records.size());
    MethodComparison control =
        records.stream().filter(r -> r.getMethod().equals("population:cosface")).findFirst().get();
    assertEquals("POPULATION", control.getMode());
    assertEquals(4, control.getCandidates(), "2 rounds x 2 candidates, like the search");
  }

  /** The control: the loss fixed, candidates differing only in seed, best of M carried forward. */
  @Test
  void theControlIsTheSearchWithTheLossFixed() throws Exception {
    for (int round = 1; round <= 2; round++) {
      List<LossCandidate> control = candidates("population-cosface", 5, round);
      List<LossCandidate> search = candidates("search", 5, round);
      assertEquals(2, control.size());
      for (int i = 0; i < 2; i++) {
        LossCandidate c = control.get(i);
        assertEquals(LossFamily.COSFACE, c.getFamily());
        assertEquals(0.35, c.getParams().getM2(), 1e-12);
        assertEquals(search.get(i).getSeed(), c.getSeed(), "candidate i's data order is paired");
      }
      assertNotEquals(control.get(0).getSeed(), control.get(1).getSeed());
      if (round == 2) {
        PolicyState after1 = state("population-cosface", 5, 1);
        for (LossCandidate c : control) {
          assertEquals(after1.getBestCheckpoint(), c.getStartCheckpoint(), "best of M broadcast");
        }
      }
    }
  }

  /**
   * Seed i of every method starts from identical initial weights and trains slot k of round r on
   * the same data order: the candidates' training seeds, start epochs and step counts agree.
   */
  @Test
  void seedIOfEveryMethodSharesInitialWeightsAndDataOrder() throws Exception {
    for (long seed : List.of(5L, 6L)) {
      Checkpoint fixed = CheckpointIO.read(run("cosface", seed).resolve("init.ckpt").toString());
      for (String other : List.of("search", "population-cosface")) {
        Checkpoint init = CheckpointIO.read(run(other, seed).resolve("init.ckpt").toString());
        assertEquals(fixed.tensors().keySet(), init.tensors().keySet(), other);
        for (Map.Entry<String, Checkpoint.Tensor> e : fixed.tensors().entrySet()) {
          assertArrayEquals(
              e.getValue().values(),
              init.tensor(e.getKey()).values(),
              other + " seed " + seed + " " + e.getKey());
        }
      }
      for (int round = 1; round <= 2; round++) {
        LossCandidate f = candidates("cosface", seed, round).get(0);
        LossCandidate s = candidates("search", seed, round).get(0);
        assertEquals(f.getSeed(), s.getSeed(), "round " + round + " slot 0 shuffle seed");
        TrainResult rf = results("cosface", seed, round).get(0);
        TrainResult rs = results("search", seed, round).get(0);
        assertEquals(rf.getSteps(), rs.getSteps());
        assertEquals(rf.getEpochs(), rs.getEpochs(), 1e-12);
      }
      assertNotEquals(
          candidates("search", 5, 1).get(0).getSeed(),
          candidates("search", 6, 1).get(0).getSeed(),
          "different seeds, different data orders");
    }
  }

  /** The per-pair scores reproduce the reported accuracy (equal folds: the mean of outcomes). */
  @Test
  void pairScoresReproduceTheTestAccuracy() throws Exception {
    Path dir = run("search", 5);
    EvalMetrics m =
        AvroFiles.read(dir.resolve("final/test_metrics.avro").toString(), EvalMetrics.class).get(0);
    PairOutcomes o = PairOutcomes.load(dir.toString(), "test").orElseThrow();
    assertEquals(m.getPairs(), o.correct().size());
    long right = o.correct().values().stream().filter(b -> b).count();
    assertEquals(m.getAccuracyMean(), right / (double) m.getPairs(), 1e-12);
  }

  /** A rerun reuses finished runs instead of training them again. */
  @Test
  void finishedRunsAreReused() throws Exception {
    SearchOptions s =
        TestData.search(
            TestData.preprocessed(),
            run("cosface", 5),
            "--mode=fixed",
            "--loss=cosface",
            "--rounds=2",
            "--candidates=2",
            "--searchId=cosface-seed-5");
    assertTrue(SearchPipeline.finished(s));
    s.setRounds(3);
    assertFalse(SearchPipeline.finished(s), "a different configuration is not the same run");
  }

  private static Path run(String folder, long seed) {
    return out.resolve(folder).resolve("seed-" + seed);
  }

  private static String round(String folder, long seed, int round) {
    return run(folder, seed).resolve(String.format(Locale.ROOT, "round-%04d", round)).toString();
  }

  private static List<LossCandidate> candidates(String folder, long seed, int round)
      throws Exception {
    return AvroFiles.read(round(folder, seed, round) + "/candidates.avro", LossCandidate.class)
        .stream()
        .sorted(Comparator.comparingInt(LossCandidate::getIndex))
        .toList();
  }

  private static List<TrainResult> results(String folder, long seed, int round) throws Exception {
    return AvroFiles.read(round(folder, seed, round) + "/train_results.avro", TrainResult.class)
        .stream()
        .sorted(Comparator.comparingInt(r -> r.getCandidate().getIndex()))
        .toList();
  }

  private static PolicyState state(String folder, long seed, int round) throws Exception {
    return AvroFiles.read(round(folder, seed, round) + "/policy_state.avro", PolicyState.class)
        .get(0);
  }
}
