package io.lfsbeam.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lfsbeam.schemas.Split;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.display.HasDisplayData;
import org.junit.jupiter.api.Test;

/** What the runner's UI and job graph show of the evaluation transforms' settings. */
class EvaluateDisplayDataTest {
  private static Map<String, Object> items(HasDisplayData component) {
    Map<String, Object> out = new HashMap<>();
    for (DisplayData.Item i : DisplayData.from(component).items()) {
      out.put(i.getKey(), i.getValue());
    }
    return out;
  }

  @Test
  void evaluateModelShowsTheModelTheSetAndTheInferenceSettings() {
    Map<String, Object> d =
        items(
            EvaluateModel.of("/models/run7")
                .withEvalSet("test")
                .withFlipFusion(true)
                .withBatchSize(16)
                .withGallery(GalleryProtocol.parse("enrol:2,4,5,7,9"), Split.TEST));
    assertEquals("/models/run7", d.get("model"), d.toString());
    assertEquals("test", d.get("evalSet"));
    assertEquals(true, d.get("flipFusion"));
    assertEquals(16L, d.get("batchSize"));
    assertEquals("enrol:2,4,5,7,9", d.get("gallery"));
    assertEquals("TEST", d.get("gallerySplit"));
  }

  @Test
  void withoutAGalleryThereIsNoGalleryItem() {
    Map<String, Object> d = items(EvaluateModel.of("/models/run7"));
    assertEquals((long) Embedder.BATCH, d.get("batchSize"), d.toString());
    assertFalse(d.containsKey("gallery"), d.toString());
  }

  @Test
  void embedAndWriteShowTheirModelBatchAndFolders() {
    Map<String, Object> e = items(EmbedFaces.withModel("/models/m").withBatchSize(8));
    assertEquals("/models/m", e.get("model"), e.toString());
    assertEquals(8L, e.get("batchSize"));
    Map<String, Object> w = items(WriteEvaluation.to("/out/eval/").withEmbeddings("/out/e.avro"));
    assertEquals("/out/eval", w.get("output"), w.toString());
    assertEquals("/out/e.avro", w.get("embeddings"));
  }
}
