package io.lfsbeam.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.metrics.LfwPairs;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.FaceEmbedding;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.schemas.VerificationPair;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the DirectRunner: a trained and exported {@code tiny} evaluated on preprocessed
 * synthetic faces; everything written is checked against a recomputation from the written
 * embeddings and pairs that shares no code with the evaluation.
 */
class EvaluateModelTest {
  @TempDir static Path tmp;
  static EvalFixture fx;
  static Path out;
  static EvalMetrics metrics;
  static List<FaceEmbedding> embeddings;
  static List<VerificationPair> pairs;
  static final GalleryProtocol GALLERY = GalleryProtocol.enrol(1, 2, 3);

  @BeforeAll
  static void evaluate() throws Exception {
    fx = EvalFixture.make(tmp);
    out = tmp.resolve("eval");
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<AlignedFace> faces =
        p.apply("Faces", AvroIO.read(AlignedFace.class).from(fx.data + "/faces/*.avro"));
    PCollection<VerificationPair> testPairs =
        p.apply("Pairs", AvroIO.read(VerificationPair.class).from(fx.data + "/pairs/test.avro"));
    EvaluateModel.inputs(faces, testPairs)
        .apply(
            EvaluateModel.of(fx.model.toString())
                .withEvalSet("test")
                .withBatchSize(16)
                .withGallery(GALLERY, Split.TEST))
        .apply(
            WriteEvaluation.to(out.toString())
                .withEmbeddings(out.resolve("embeddings.avro").toString()));
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
    metrics = AvroFiles.read(out + "/metrics.avro", EvalMetrics.class).get(0);
    embeddings = AvroFiles.read(out + "/embeddings.avro", FaceEmbedding.class);
    pairs = AvroFiles.read(fx.data + "/pairs/test.avro", VerificationPair.class);
  }

  @Test
  void metricsAgreeWithAnIndependentRecomputationFromTheWrittenFiles() {
    Map<String, float[]> byId = new HashMap<>();
    for (FaceEmbedding e : embeddings) {
      float[] v = new float[e.getVector().size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = e.getVector().get(i);
      }
      byId.put(e.getId().toString(), v);
    }
    int n = pairs.size();
    assertEquals(60, n);
    double[] score = new double[n];
    boolean[] same = new boolean[n];
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      VerificationPair pr = pairs.get(i);
      float[] a = byId.get(pr.getLeftId().toString());
      float[] b = byId.get(pr.getRightId().toString());
      double dot = 0;
      for (int d = 0; d < a.length; d++) {
        dot += (double) a[d] * b[d];
      }
      score[i] = dot;
      same[i] = pr.getSame();
      fold[i] = pr.getFold();
    }
    double[] acc = BruteForceProtocol.foldAccuracies(score, same, fold);
    assertEquals(pairs.size(), metrics.getPairs());
    for (int f = 0; f < 10; f++) {
      assertEquals(acc[f], metrics.getFoldAccuracies().get(f), 1e-12, "fold " + f);
    }
    assertEquals(Arrays.stream(acc).average().orElseThrow(), metrics.getAccuracyMean(), 1e-12);
    assertEquals(BruteForceProtocol.auc(score, same), metrics.getAuc(), 1e-9);
    assertTrue(
        metrics.getAccuracyMean() > 0.5,
        "a trained model beats chance on its own kind of faces: " + metrics);
    // 30 impostors: FAR 1e-1 (3 false accepts) is measurable, 1e-2 is not
    assertEquals(1, metrics.getTarAtFar().size(), metrics.getTarAtFar().toString());
    assertEquals("test", metrics.getEvalSet().toString());
    assertEquals(fx.model.toString(), metrics.getModelUri().toString());
  }

  @Test
  void identificationAgreesWithMeanTemplatesRecomputedFromTheEmbeddings() {
    Map<String, double[]> templates = new TreeMap<>();
    List<FaceEmbedding> probes = new ArrayList<>();
    for (FaceEmbedding e : embeddings) {
      if (e.getSplit() != Split.TEST) {
        continue;
      }
      if (e.getImageNumber() <= 3) {
        double[] t =
            templates.computeIfAbsent(
                e.getIdentity().toString(), k -> new double[e.getVector().size()]);
        for (int d = 0; d < t.length; d++) {
          t[d] += e.getVector().get(d);
        }
      } else {
        probes.add(e);
      }
    }
    int hits1 = 0;
    for (FaceEmbedding p : probes) {
      String best = null;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (Map.Entry<String, double[]> t : templates.entrySet()) {
        double s = BruteForceProtocol.cosine(p, t.getValue());
        if (s > bestScore) {
          bestScore = s;
          best = t.getKey();
        }
      }
      hits1 += p.getIdentity().toString().equals(best) ? 1 : 0;
    }
    assertEquals(12, probes.size(), "4 test identities × images 4..6");
    assertNotNull(metrics.getRank1());
    assertEquals((double) hits1 / probes.size(), metrics.getRank1(), 1e-12);
    assertEquals(1.0, metrics.getRank5(), 0.0, "4 identities: everyone is within rank 5");
  }

  @Test
  void embeddingsCoverThePairFacesAndTheGallerySplitWithTheirIdentities() {
    Set<String> expected = new HashSet<>();
    pairs.forEach(
        p -> {
          expected.add(p.getLeftId().toString());
          expected.add(p.getRightId().toString());
        });
    Map<String, AlignedFace> faces = new HashMap<>();
    fx.faces.forEach(f -> faces.put(f.getId().toString(), f));
    fx.faces.stream()
        .filter(f -> f.getSplit() == Split.TEST)
        .forEach(f -> expected.add(f.getId().toString()));
    Set<String> got = new HashSet<>();
    for (FaceEmbedding e : embeddings) {
      assertTrue(got.add(e.getId().toString()), "one embedding per face");
      AlignedFace f = faces.get(e.getId().toString());
      assertEquals(f.getIdentity().toString(), e.getIdentity().toString());
      assertEquals(f.getImageNumber(), e.getImageNumber());
      assertEquals(f.getSourcePath().toString(), e.getSourcePath().toString());
      assertEquals(f.getSplit(), e.getSplit());
      assertEquals(128, e.getVector().size());
      double norm = 0;
      for (Float x : e.getVector()) {
        norm += x * x;
      }
      assertEquals(1.0, norm, 1e-5, "unit vectors");
    }
    assertEquals(
        expected, got, "exactly the pair faces and the gallery split, nothing from train or val");
  }

  @Test
  void reportFilesAreWritten() throws Exception {
    List<String> roc = Files.readAllLines(out.resolve("roc.tsv"));
    assertEquals(RocTsv.HEADER, roc.get(0));
    double prevFar = 2;
    double prevTar = 2;
    for (String line : roc.subList(1, roc.size())) {
      String[] f = line.split("\t");
      double far = Double.parseDouble(f[1]);
      double tar = Double.parseDouble(f[2]);
      assertTrue(far <= prevFar && tar <= prevTar, "FAR and TAR never increase: " + line);
      prevFar = far;
      prevTar = tar;
    }
    assertEquals("1.0\t1.0", roc.get(1).substring(roc.get(1).indexOf('\t') + 1));
    assertEquals(0.0, prevFar);
    BufferedImage png = ImageIO.read(out.resolve("roc.png").toFile());
    assertEquals(800, png.getWidth());
    assertEquals(600, png.getHeight());
    String summary = Files.readString(out.resolve("summary.md"));
    assertTrue(
        summary.contains(String.format(Locale.ROOT, "%.2f%%", 100 * metrics.getAccuracyMean())),
        summary);
    assertTrue(summary.contains("rank-1"), summary);
  }

  @Test
  void thePlainJavaHelperGivesTheSameMetrics() throws Exception {
    // the helper's gallery protocol covers every face it is given: give it the test split
    List<AlignedFace> test = fx.faces.stream().filter(f -> f.getSplit() == Split.TEST).toList();
    try (Embedder embedder = Embedder.load(fx.model)) {
      EvalMetrics plain =
          ModelEvaluation.evaluate(
                  embedder, test, pairs, false, GALLERY, fx.model.toString(), "test")
              .metrics();
      assertEquals(metrics.getFoldAccuracies(), plain.getFoldAccuracies());
      assertEquals(metrics.getAuc(), plain.getAuc(), 1e-6);
      assertEquals(metrics.getRank1(), plain.getRank1());
      assertEquals(metrics.getRank5(), plain.getRank5());
      EvalMetrics fused = ModelEvaluation.verify(embedder, fx.faces, pairs, true);
      assertEquals(60, fused.getPairs());
      assertNotEquals(
          metrics.getFoldThresholds(),
          fused.getFoldThresholds(),
          "flip fusion changes the embeddings and with them the thresholds");
    }
  }

  @Test
  void lfwPairsTextResolvedAcrossSplitsGivesTheSameMetrics() throws Exception {
    Path text = fx.data.resolve("pairs/test_pairs.txt");
    Path out2 = tmp.resolve("eval-lfw");
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<AlignedFace> faces =
        p.apply("Faces", AvroIO.read(AlignedFace.class).from(fx.data + "/faces/*.avro"));
    PCollection<VerificationPair> resolved =
        faces.apply("Resolve", ResolveLfwPairs.of(LfwPairs.read(text), text.toString()));
    EvaluateModel.inputs(faces, resolved)
        .apply(EvaluateModel.of(fx.model.toString()).withEvalSet("test"))
        .apply(WriteEvaluation.to(out2.toString()));
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
    EvalMetrics m = AvroFiles.read(out2 + "/metrics.avro", EvalMetrics.class).get(0);
    // same pairs, same faces; only the batches differ (no gallery split here), and TensorFlow's CPU
    // kernels round differently per batch composition: scores agree to float precision
    assertEquals(metrics.getFoldAccuracies(), m.getFoldAccuracies());
    for (int f = 0; f < 10; f++) {
      assertEquals(metrics.getFoldThresholds().get(f), m.getFoldThresholds().get(f), 1e-6);
    }
    assertEquals(metrics.getAuc(), m.getAuc(), 1e-9);
    assertEquals(null, m.getRank1(), "no gallery asked for");
  }
}
