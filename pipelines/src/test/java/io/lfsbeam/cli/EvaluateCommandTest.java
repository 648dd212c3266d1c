package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.FaceEmbedding;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.synth.SyntheticFaces;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.FitConfig;
import io.lfsbeam.train.InMemoryTrainingData;
import io.lfsbeam.train.Trainer;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.loss.GraphLoss;
import io.lfsbeam.train.loss.GraphLosses;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Lfs lfs =
      new Lfs(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8),
          List.of(new PreprocessCommand(), new EvaluateCommand()));

  /** Synthetic faces → {@code lfs preprocess} → tiny trained for 30 steps → exported SavedModel. */
  @BeforeAll
  static void dataAndModel() throws Exception {
    Path synth = tmp.resolve("synth");
    SyntheticFaces.builder()
        .identities(16)
        .imagesPerIdentity(6)
        .imageSize(128)
        .seed(11)
        .difficulty(0.3)
        .build()
        .write(synth);
    data = tmp.resolve("data");
    Lfs quiet = new Lfs(System.out, System.err, List.of(new PreprocessCommand()));
    assertEquals(
        0,
        quiet.run(
            new String[] {
              "preprocess",
              "--input=" + synth,
              "--landmarks=" + synth.resolve("landmarks.txt"),
              "--output=" + data,
              "--pairsPerFold=3",
              "--trainFraction=0.5",
              "--valFraction=0.25",
              "--testFraction=0.25",
              "--shardsPerSplit=1"
            }));
    List<AlignedFace> train = AvroFiles.readAll(data + "/faces/train-*.avro", AlignedFace.class);
    InMemoryTrainingData trainData = InMemoryTrainingData.fromAlignedFaces(train);
    GraphLoss cosFace =
        GraphLosses.of(LossFamily.COSFACE, LossParams.newBuilder().setScale(16).setM2(0.2).build());
    model = tmp.resolve("model");
    try (Trainer t =
        Trainer.builder()
            .setBackbone(BackboneConfig.tiny())
            .setLoss(cosFace)
            .setNumClasses(trainData.numClasses())
            .optSeed(3)
            .optDevice(Device.cpu())
            .build()) {
      t.fit(trainData, FitConfig.builder().epochs(100).maxSteps(30).batchSize(16).build(), null);
      t.exportSavedModel(model);
    }
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  private void assertOneLine(String expected) {
    String e = err();
    assertEquals(1, e.lines().count(), "one line: " + e);
    assertTrue(e.contains(expected), e);
  }

  @Test
  void missingModelIsOneLine() {
    assertEquals(
        2,
        lfs.run(
            new String[] {
              "evaluate", "--model=/no/such/model", "--data=" + data, "--output=" + tmp.resolve("x")
            }));
    assertOneLine("--model=/no/such/model: no such file or directory");
  }

  @Test
  void aFolderWithoutSavedModelIsOneLine() {
    assertEquals(
        2,
        lfs.run(
            new String[] {
              "evaluate", "--model=" + data, "--data=" + data, "--output=" + tmp.resolve("x")
            }));
    assertOneLine("is not an exported SavedModel");
  }

  @Test
  void missingDataOrPairsAreOneLine() {
    assertEquals(
        2,
        lfs.run(
            new String[] {
              "evaluate", "--model=" + model, "--data=/no/data", "--output=" + tmp.resolve("x")
            }));
    assertOneLine("--data=/no/data: no such file or directory");
    err.reset();
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
    assertOneLine("--pairs=/no/pairs.txt: no such file or directory");
    err.reset();
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
    assertOneLine("enrol:2,4,5,7,9");
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
    assertEquals(0, code, err());
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
    assertOneLine("bad_pairs.txt: 4 images named by its 4 pairs are not in the data");
    assertTrue(err().contains("ghost 3, id_0002 99, nobody 1, nobody 2"), err());
  }
}
