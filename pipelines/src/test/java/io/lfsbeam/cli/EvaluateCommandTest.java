package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.FaceEmbedding;
import io.lfsbeam.schemas.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lfs evaluate}: one-line usage errors, and a full run on synthetic faces with LFW-format
 * pairs.
 */
class EvaluateCommandTest {
  @TempDir static Path tmp;
  static Path data;
  static Path model;

  private final CapturedLfs lfs = new CapturedLfs(new PreprocessCommand(), new EvaluateCommand());

  /** Synthetic faces → {@code lfs preprocess} → tiny trained for 30 steps → exported SavedModel. */
  @BeforeAll
  static void dataAndModel() throws Exception {
    data = TrainedModels.preprocessedSynthetic(tmp, 11);
    model = TrainedModels.tinyOn(data, tmp.resolve("model"), 30);
  }

  @Test
  void missingModelIsOneLine() {
    assertEquals(
        2,
        lfs.run(
            new String[] {
              "evaluate", "--model=/no/such/model", "--data=" + data, "--output=" + tmp.resolve("x")
            }));
    lfs.assertOneLine("--model=/no/such/model: no such file or directory");
  }

  @Test
  void aFolderWithoutSavedModelIsOneLine() {
    assertEquals(
        2,
        lfs.run(
            new String[] {
              "evaluate", "--model=" + data, "--data=" + data, "--output=" + tmp.resolve("x")
            }));
    lfs.assertOneLine("is not an exported SavedModel");
  }

  @Test
  void missingDataOrPairsAreOneLine() {
    assertEquals(
        2,
        lfs.run(
            new String[] {
              "evaluate", "--model=" + model, "--data=/no/data", "--output=" + tmp.resolve("x")
            }));
    lfs.assertOneLine("--data=/no/data: no such file or directory");
    lfs.reset();
    assertEquals(
        2,
        lfs.run(
            new String[] {
              "evaluate",
              "--model=" + model,
              "--data=" + data,
              "--pairs=/no/pairs.txt",
              "--output=" + tmp.resolve("x")
            }));
    lfs.assertOneLine("--pairs=/no/pairs.txt: no such file or directory");
    lfs.reset();
    assertEquals(
        2,
        lfs.run(
            new String[] {
              "evaluate",
              "--model=" + model,
              "--data=" + data,
              "--gallery=2,4",
              "--output=" + tmp.resolve("x")
            }));
    lfs.assertOneLine("enrol:2,4,5,7,9");
  }

  @Test
  void pairsTextAcrossSplitsWithGalleryWritesEverything() throws Exception {
    Path output = tmp.resolve("eval");
    Path embeddings = tmp.resolve("emb/embeddings.avro");
    int code =
        lfs.run(
            new String[] {
              "evaluate",
              "--model=" + model,
              "--data=" + data,
              "--pairs=" + data.resolve("pairs/test_pairs.txt"),
              "--gallery=enrol:1,2,3",
              "--flipFusion=true",
              "--embeddingsOutput=" + embeddings,
              "--output=" + output
            });
    assertEquals(0, code, lfs.err());
    EvalMetrics m = AvroFiles.read(output + "/metrics.avro", EvalMetrics.class).get(0);
    assertEquals(60, m.getPairs());
    assertEquals("test_pairs", m.getEvalSet().toString());
    assertNotNull(m.getRank1(), "gallery asked for");
    for (String f : new String[] {"summary.md", "roc.tsv", "roc.png"}) {
      assertTrue(Files.size(output.resolve(f)) > 0, f);
    }
    List<FaceEmbedding> e = AvroFiles.read(embeddings.toString(), FaceEmbedding.class);
    assertEquals(
        24,
        e.stream().filter(x -> x.getSplit() == Split.TEST).count(),
        "the whole gallery split is embedded");
  }

  @Test
  void pairsNamingFacesNotInTheDataFailWithTheNames() throws Exception {
    Path text = tmp.resolve("bad_pairs.txt");
    Files.writeString(
        text, "2\t1\nnobody\t1\t2\nid_0001\t1\tid_0002\t99\nid_0003\t1\t2\nid_0004\t1\tghost\t3\n");
    int code =
        lfs.run(
            new String[] {
              "evaluate",
              "--model=" + model,
              "--data=" + data,
              "--pairs=" + text,
              "--output=" + tmp.resolve("bad")
            });
    assertEquals(1, code);
    lfs.assertOneLine("bad_pairs.txt: 4 images named by its 4 pairs are not in the data");
    assertTrue(lfs.err().contains("ghost 3, id_0002 99, nobody 1, nobody 2"), lfs.err());
  }
}
