package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.EvalMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lfs demo} in every build, reduced through its own options (20 identities x 5 images, one
 * round of 2 candidates): synth, preprocess, search, final evaluation, report.
 */
class DemoCommandTest {
  @TempDir Path tmp;

  @Test
  void aReducedDemoRunsEndToEnd() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Lfs lfs =
        new Lfs(
            System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8),
            List.of(new DemoCommand()));
    int code =
        lfs.run(
            new String[] {
              "demo",
              "--output=" + tmp.resolve("demo"),
              "--identities=20",
              "--imagesPerIdentity=5",
              "--rounds=1",
              "--candidates=2",
              "--epochsPerRound=1"
            });
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    Path demo = tmp.resolve("demo");
    DatasetManifest m =
        AvroFiles.read(demo.resolve("data/manifest.avro").toString(), DatasetManifest.class).get(0);
    assertEquals(100, m.getInputs());
    assertEquals(100, m.getAccepted() + m.getDeadLettered() + m.getDuplicates());
    EvalMetrics test =
        AvroFiles.read(demo.resolve("search/final/test_metrics.avro").toString(), EvalMetrics.class)
            .get(0);
    assertTrue(test.getPairs() > 0 && test.getAccuracyMean() >= 0, test.toString());
    assertTrue(Files.exists(demo.resolve("search/model/saved_model.pb")));
    assertTrue(
        Files.readString(demo.resolve("search/report.md")).contains("Search-Softmax")
            || Files.readString(demo.resolve("search/report.md")).contains("SEARCH"));
  }
}
