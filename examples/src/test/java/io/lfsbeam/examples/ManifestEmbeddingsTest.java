package io.lfsbeam.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.align.FaceLandmarks;
import io.lfsbeam.align.LandmarkFile;
import io.lfsbeam.evaluate.Embedder;
import io.lfsbeam.preprocess.FacePreparer;
import io.lfsbeam.preprocess.PreprocessConfig;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.synth.SyntheticFaces;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.FitConfig;
import io.lfsbeam.train.InMemoryTrainingData;
import io.lfsbeam.train.Trainer;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.loss.GraphLosses;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example end to end on the DirectRunner and on Flink [local]: synthetic faces listed in a CSV
 * manifest (with broken lines, a missing file and a line without landmarks), a tiny model trained
 * with lfs-beam's trainer, and the Parquet output read back by DuckDB: one row per good face of
 * every identity, 128-dimensional unit vectors equal to what the model gives for the same aligned
 * faces outside Beam, and every other line of the manifest a dead letter with its reason.
 */
class ManifestEmbeddingsTest {
  private static final int IDENTITIES = 5;
  private static final int IMAGES = 4;

  @TempDir static Path tmp;
  static Path manifest;
  static Path model;

  /** Source path of each face with landmarks → the model's embedding of its aligned face. */
  static Map<String, float[]> expected = new HashMap<>();

  static String missing;

  @BeforeAll
  static void facesManifestAndModel() throws Exception {
    Path synth = tmp.resolve("synth");
    SyntheticFaces.builder()
        .identities(IDENTITIES)
        .imagesPerIdentity(IMAGES)
        .imageSize(128)
        .seed(5)
        .difficulty(0.3)
        .build()
        .write(synth);
    Map<String, FaceLandmarks> landmarks =
        new TreeMap<>(LandmarkFile.read(synth.resolve(SyntheticFaces.LANDMARKS_FILE)));

    // the faces aligned outside Beam: the model trains on them and embeds them for the oracle
    FacePreparer preparer = new FacePreparer(PreprocessConfig.defaults());
    List<AlignedFace> aligned = new ArrayList<>();
    List<String> identities = new ArrayList<>();
    for (Map.Entry<String, FaceLandmarks> e : landmarks.entrySet()) {
      String identity = e.getKey().substring(0, e.getKey().indexOf('/'));
      if (!identities.contains(identity)) {
        identities.add(identity);
      }
      double[] xy = e.getValue().toArray();
      double[][] points = new double[5][];
      for (int i = 0; i < 5; i++) {
        points[i] = new double[] {xy[2 * i], xy[2 * i + 1]};
      }
      FacePreparer.Outcome o =
          preparer.prepare(Files.readAllBytes(synth.resolve(e.getKey())), points);
      assertTrue(o.ok(), e.getKey() + ": " + o.reason());
      aligned.add(
          AlignedFace.newBuilder()
              .setId(e.getKey())
              .setIdentity(identity)
              .setLabel(identities.indexOf(identity))
              .setSplit(Split.TRAIN)
              .setSourcePath(synth.resolve(e.getKey()).toString())
              .setImage(ByteBuffer.wrap(o.png()))
              .setWidth(o.width())
              .setHeight(o.height())
              .setAlignment(AlignmentMethod.LANDMARKS)
              .setContentHash(e.getKey())
              .build());
    }
    model = tmp.resolve("model");
    InMemoryTrainingData data = InMemoryTrainingData.fromAlignedFaces(aligned);
    try (Trainer t =
        Trainer.builder()
            .setBackbone(BackboneConfig.tiny())
            .setLoss(
                GraphLosses.of(
                    LossFamily.COSFACE, LossParams.newBuilder().setScale(16).setM2(0.2).build()))
            .setNumClasses(data.numClasses())
            .optSeed(3)
            .optDevice(Device.cpu())
            .build()) {
      t.fit(data, FitConfig.builder().epochs(100).maxSteps(20).batchSize(8).build(), null);
      t.exportSavedModel(model);
    }
    try (Embedder embedder = Embedder.load(model)) {
      List<byte[]> rgb = new ArrayList<>();
      for (AlignedFace f : aligned) {
        byte[] png = new byte[f.getImage().remaining()];
        f.getImage().duplicate().get(png);
        rgb.add(InMemoryTrainingData.decodeRgb(png, f.getHeight(), f.getWidth()));
      }
      float[][] vectors = embedder.embed(rgb, false);
      for (int i = 0; i < aligned.size(); i++) {
        expected.put(aligned.get(i).getSourcePath(), vectors[i]);
      }
    }

    // the manifest: every face with its landmarks, but one without; two broken lines; a missing
    // file
    List<String> lines = new ArrayList<>(List.of("uri,identity,x1,y1,x2,y2,x3,y3,x4,y4,x5,y5"));
    String withoutLandmarks = null;
    for (Map.Entry<String, FaceLandmarks> e : landmarks.entrySet()) {
      String uri = synth.resolve(e.getKey()).toString();
      String identity = e.getKey().substring(0, e.getKey().indexOf('/'));
      if (withoutLandmarks == null) {
        withoutLandmarks = uri;
        expected.remove(uri);
        lines.add(uri + "," + identity);
        continue;
      }
      StringBuilder line = new StringBuilder(uri + "," + identity);
      for (double v : e.getValue().toArray()) {
        line.append(',').append(v);
      }
      lines.add(line.toString());
    }
    missing = synth.resolve("id_0000/gone.png").toString();
    lines.add(missing + ",id_0000,1,2,3,4,5,6,7,8,9,10");
    lines.add("just-one-column");
    lines.add(synth.resolve("id_0001/0001.png") + ",id_0001,1,2,3,4,5,6,7,8,nine,10");
    manifest = tmp.resolve("manifest.csv");
    Files.write(manifest, lines, StandardCharsets.UTF_8);
    assertEquals(IDENTITIES * IMAGES - 1, expected.size());
  }

  @Test
  void directRunnerWritesParquetThatDuckDbReads() throws Exception {
    Path out = tmp.resolve("direct");
    DirectOptions o = PipelineOptionsFactory.as(DirectOptions.class);
    // the immutability checks re-encode every image: minutes instead of seconds
    o.setEnforceImmutability(false);
    o.setEnforceEncodability(false);
    check(run(o.as(ManifestEmbeddings.Options.class), out), out);
  }

  @Test
  void flinkLocalWritesTheSameRows() throws Exception {
    Path out = tmp.resolve("flink");
    ManifestEmbeddings.Options o =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2")
            .as(ManifestEmbeddings.Options.class);
    check(run(o, out), out);
  }

  private static PipelineResult.State run(ManifestEmbeddings.Options o, Path out) {
    o.setManifest(manifest.toString());
    o.setModel(model.toString());
    o.setOutput(out.toString());
    return ManifestEmbeddings.run(o);
  }

  private static void check(PipelineResult.State state, Path out) throws Exception {
    assertEquals(PipelineResult.State.DONE, state);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet rs =
          st.executeQuery(
              "SELECT sourcePath, identity, vector, norm FROM read_parquet('"
                  + out
                  + "/embeddings-*.parquet') ORDER BY sourcePath");
      Map<String, Integer> perIdentity = new TreeMap<>();
      int rows = 0;
      while (rs.next()) {
        rows++;
        String path = rs.getString("sourcePath");
        perIdentity.merge(rs.getString("identity"), 1, Integer::sum);
        Object[] v = (Object[]) rs.getArray("vector").getArray();
        float[] want = expected.get(path);
        assertTrue(want != null, "unexpected row " + path);
        assertEquals(128, v.length, path);
        double sumSquares = 0;
        for (int i = 0; i < v.length; i++) {
          float x = ((Number) v[i]).floatValue();
          sumSquares += (double) x * x;
          assertEquals(want[i], x, 1e-5f, path + " dim " + i);
        }
        assertEquals(1.0, Math.sqrt(sumSquares), 1e-5, path);
        double norm = rs.getDouble("norm");
        assertTrue(norm > 0 && Double.isFinite(norm), path + " norm " + norm);
      }
      assertEquals(expected.size(), rows);
      assertEquals(IDENTITIES, perIdentity.size(), perIdentity.toString());

      ResultSet dead =
          st.executeQuery(
              "SELECT reason, count(*) AS n FROM read_parquet('"
                  + out
                  + "/dead_letters-*.parquet') GROUP BY reason ORDER BY reason");
      Map<String, Long> reasons = new TreeMap<>();
      while (dead.next()) {
        reasons.put(dead.getString("reason"), dead.getLong("n"));
      }
      assertEquals(
          Map.of("BAD_MANIFEST_LINE", 2L, "LANDMARKS_MISSING", 1L, "READ_FAILED", 1L),
          reasons,
          "every manifest line is a row or a dead letter");
    }
  }
}
