package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.MethodComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} end to end in every build, on the synthetic faces the tests draw themselves (no
 * ../shared needed): a fixed margin and Search-Softmax, 2 seeds, one round of 4 steps each.
 */
class CompareOnSyntheticFacesTest {
  @TempDir Path tmp;

  private CompareOptions options(String methods, int seeds) throws Exception {
    return PipelineOptionsFactory.fromArgs(
            "--data=" + TestData.preprocessed(),
            "--output=" + tmp.resolve("cmp"),
            "--methods=" + methods,
            "--seeds=" + seeds,
            "--rounds=1",
            "--candidates=2",
            "--backbone=tiny",
            "--epochsPerRound=0",
            "--stepsPerRound=4",
            "--batchSize=16",
            "--threads=1")
        .withValidation()
        .as(CompareOptions.class);
  }

  @Test
  void twoMethodsTwoSeedsMakeThePairedTableAndARerunContinuesIt() throws Exception {
    ComparePipeline.run(options("cosface,search", 2));
    List<MethodComparison> rows =
        AvroFiles.read(tmp.resolve("cmp/comparison.avro").toString(), MethodComparison.class);
    assertEquals(4, rows.size());
    for (String method : List.of("cosface", "search")) {
      List<MethodComparison> runs =
          rows.stream().filter(r -> r.getMethod().equals(method)).toList();
      assertEquals(List.of(1L, 2L), runs.stream().map(MethodComparison::getSeed).sorted().toList());
      for (MethodComparison r : runs) {
        assertEquals(1, r.getRounds(), method);
        assertEquals(method.equals("search") ? 2 : 1, r.getCandidates(), method);
        assertEquals(0, r.getFailedCandidates(), method);
        double test = r.getEvaluations().get(0).getAccuracyMean();
        assertTrue(test >= 0 && test <= 1, method + " test accuracy " + test);
        assertTrue(Files.exists(Path.of(r.getRunDir(), "model", "saved_model.pb")), r.getRunDir());
      }
    }
    String table = Files.readString(tmp.resolve("cmp/comparison.md"));
    assertTrue(table.contains("AM-Softmax (CosFace)") && table.contains("Search-Softmax"), table);
    assertTrue(Files.size(tmp.resolve("cmp/comparison.png")) > 0);

    // the same command again resumes every run under its recorded configuration: nothing to
    // retrain, nothing refused
    ComparePipeline.run(options("cosface", 1));
    assertTrue(Files.exists(tmp.resolve("cmp/cosface/seed-1/round-0001/policy_state.avro")));
    assertTrue(Files.notExists(tmp.resolve("cmp/cosface/seed-1/round-0002")));
  }
}
