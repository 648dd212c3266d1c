package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.metrics.LfwPair;
import io.lfsbeam.metrics.LfwPairs;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.MethodComparison;
import io.lfsbeam.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reduced compare on real faces (ORL, ../shared/datasets/orl_faces); skipped when the folder is
 * absent.
 */
class CompareOnOrlTest {
  /**
   * ORL's published "world" (training) subjects (bob.db.atnt); the other 20 are split into val and
   * test.
   */
  static final String ORL_WORLD =
      "s1,s2,s5,s6,s10,s11,s12,s14,s16,s17,s20,s21,s24,s26,s27,s29,s33,s34,s36,s39";

  @TempDir Path tmp;

  @Test
  void reducedCompareOnOrl() throws Exception {
    Path orl = SharedData.require("datasets/orl_faces");
    DatasetManifest m =
        PreprocessPipeline.run(
            PipelineOptionsFactory.fromArgs(
                    "--input=" + orl,
                    "--output=" + tmp.resolve("orl"),
                    "--alignment=center-crop",
                    "--trainIdentities=" + ORL_WORLD,
                    "--valFraction=0.5",
                    "--testFraction=0.5",
                    "--trainFraction=0",
                    "--pairsPerFold=20",
                    "--seed=1")
                .as(PreprocessOptions.class));
    // ORL's README sits beside the identity folders and is not an input; 40 x 10 images are
    assertEquals(400, m.getInputs());
    assertEquals(400, m.getAccepted() + m.getDeadLettered() + m.getDuplicates());
    assertEquals(40, m.getIdentities());
    assertEquals(200L, m.getCountsPerSplit().get("train"));
    for (String split : List.of("val", "test")) {
      // 10 identities x 10 images per split: 20 matched + 20 mismatched pairs in each of 10 folds
      List<LfwPair> pairs = LfwPairs.read(tmp.resolve("orl/pairs/" + split + "_pairs.txt"));
      assertEquals(400, pairs.size(), split);
      assertEquals(200, pairs.stream().filter(LfwPair::same).count(), split);
      assertEquals(10, pairs.stream().mapToInt(LfwPair::fold).distinct().count(), split);
    }

    CompareOptions o =
        PipelineOptionsFactory.fromArgs(
                "--data=" + tmp.resolve("orl"),
                "--output=" + tmp.resolve("cmp"),
                "--methods=cosface,amlfs,search",
                "--seeds=2",
                "--rounds=1",
                "--candidates=2",
                "--backbone=tiny",
                "--epochsPerRound=0",
                "--stepsPerRound=6",
                "--batchSize=32",
                "--threads=1")
            .withValidation()
            .as(CompareOptions.class);
    ComparePipeline.run(o);
    String table = Files.readString(tmp.resolve("cmp/comparison.md"));
    assertTrue(
        table.contains("cosface") || table.contains("CosFace") || table.contains("AM-Softmax"),
        table);
    assertTrue(table.toLowerCase().contains("search"), table);
    List<MethodComparison> rows =
        AvroFiles.read(tmp.resolve("cmp/comparison.avro").toString(), MethodComparison.class);
    assertEquals(6, rows.size());
    // every method runs on the same seeds, so the comparison is paired
    for (String method : List.of("cosface", "amlfs", "search")) {
      assertEquals(
          List.of(1L, 2L),
          rows.stream()
              .filter(r -> r.getMethod().equals(method))
              .map(MethodComparison::getSeed)
              .sorted()
              .toList(),
          method);
    }
    assertTrue(Files.exists(tmp.resolve("cmp/comparison.png")));
  }
}
