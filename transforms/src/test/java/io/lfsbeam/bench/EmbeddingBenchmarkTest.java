package io.lfsbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.train.backbone.BackboneConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark runs end to end on a few faces and prints its figures (timings are not asserted).
 */
class EmbeddingBenchmarkTest {
  @TempDir Path dir;

  @Test
  void measuresAnExportedTinyModel() throws Exception {
    EmbeddingBenchmark.Throughput t =
        EmbeddingBenchmark.measure(BackboneConfig.tiny(), 32, 16, true, dir);
    System.out.println(t);
    assertEquals("tiny", t.backbone());
    assertEquals(32, t.faces());
    assertTrue(
        t.modelFacesPerSecond() > 0 && Double.isFinite(t.modelFacesPerSecond()), t.toString());
    assertTrue(
        t.endToEndFacesPerSecond() > 0 && Double.isFinite(t.endToEndFacesPerSecond()),
        t.toString());
    assertTrue(
        Files.isRegularFile(dir.resolve("model-tiny/saved_model.pb")),
        "the exported model is left in place");
  }
}
