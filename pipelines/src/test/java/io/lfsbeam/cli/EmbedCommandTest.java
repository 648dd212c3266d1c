package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.evaluate.Embedder;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceEmbedding;
import io.lfsbeam.synth.SyntheticFaces;
import io.lfsbeam.train.InMemoryTrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lfs embed} on each input it takes: a preprocess output as Parquet read back by DuckDB, an
 * insightface pack and a folder with broken files as Avro, with every face embedded or a dead
 * letter and the vectors the model gives outside Beam.
 */
class EmbedCommandTest {
  @TempDir static Path tmp;
  static Path data;
  static Path model;

  /** Face id → the model's embedding of it, computed outside Beam with the Embedder. */
  static final Map<String, float[]> expected = new HashMap<>();

  static List<AlignedFace> faces;

  private final CapturedLfs lfs = new CapturedLfs(new EmbedCommand(), new ExportCommand());

  @BeforeAll
  static void dataAndModel() throws Exception {
    data = TrainedModels.preprocessedSynthetic(tmp, 17);
    model = TrainedModels.tinyOn(data, tmp.resolve("model"), 20);
    faces = AvroFiles.readAll(data + "/faces/*.avro", AlignedFace.class);
    try (Embedder e = Embedder.load(model)) {
      List<byte[]> rgb = new ArrayList<>();
      for (AlignedFace f : faces) {
        byte[] png = new byte[f.getImage().remaining()];
        f.getImage().duplicate().get(png);
        rgb.add(InMemoryTrainingData.decodeRgb(png, f.getHeight(), f.getWidth()));
      }
      float[][] v = e.embed(rgb, false);
      for (int i = 0; i < faces.size(); i++) {
        expected.put(faces.get(i).getId(), v[i]);
      }
    }
  }

  @Test
  void aPreprocessOutputAsParquetThatDuckDbReads() throws Exception {
    Path out = tmp.resolve("embed-parquet");
    assertEquals(
        0,
        lfs.run(
            "embed",
            "--model=" + model,
            "--input=" + data,
            "--output=" + out,
            "--format=parquet",
            "--shards=2"),
        lfs.err());
    long accepted =
        AvroFiles.read(data + "/manifest.avro", DatasetManifest.class).get(0).getAccepted();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet rs =
          st.executeQuery(
              "SELECT id, identity, split, vector, norm FROM read_parquet('"
                  + out
                  + "/embeddings-*.parquet')");
      Set<String> ids = new HashSet<>();
      Set<String> identities = new HashSet<>();
      while (rs.next()) {
        String id = rs.getString("id");
        assertTrue(ids.add(id), "one row per face: " + id);
        identities.add(rs.getString("identity"));
        Object[] v = (Object[]) rs.getArray("vector").getArray();
        float[] want = expected.get(id);
        assertEquals(want.length, v.length);
        for (int i = 0; i < v.length; i++) {
          assertEquals(want[i], ((Number) v[i]).floatValue(), 1e-5f, id + " dim " + i);
        }
        assertTrue(rs.getDouble("norm") > 0);
        assertTrue(List.of("TRAIN", "VAL", "TEST").contains(rs.getString("split")));
      }
      assertEquals(accepted, ids.size());
      assertEquals(16, identities.size());
    }
    assertTrue(Files.notExists(out.resolve("dead_letters.avro")), "no face was refused");
  }

  @Test
  void aPackAndABinAsAvro() throws Exception {
    Path pack = tmp.resolve("pack");
    assertEquals(
        0,
        lfs.run(
            "export", "--format=recordio", "--data=" + data, "--split=train", "--output=" + pack),
        lfs.err());
    Path out = tmp.resolve("embed-pack");
    assertEquals(
        0, lfs.run("embed", "--model=" + model, "--input=" + pack, "--output=" + out), lfs.err());
    List<FaceEmbedding> rows = AvroFiles.readAll(out + "/embeddings-*.avro", FaceEmbedding.class);
    long train = faces.stream().filter(f -> f.getSplit().name().equals("TRAIN")).count();
    assertEquals(train, rows.size());
    for (FaceEmbedding e : rows) {
      assertEquals(1.0, norm(e.getVector()), 1e-5, e.getId().toString());
    }
    assertEquals(List.of("embeddings-00000-of-00001.avro"), names(out, "embeddings-"));

    Path bin = tmp.resolve("test.bin");
    assertEquals(
        0,
        lfs.run("export", "--format=bin", "--data=" + data, "--pairs=test", "--output=" + bin),
        lfs.err());
    Path binOut = tmp.resolve("embed-bin");
    assertEquals(
        0,
        lfs.run("embed", "--model=" + model, "--input=" + bin, "--output=" + binOut, "--shards=3"),
        lfs.err());
    List<FaceEmbedding> binRows =
        AvroFiles.readAll(binOut + "/embeddings-*.avro", FaceEmbedding.class);
    assertTrue(!binRows.isEmpty());
    assertEquals(3, names(binOut, "embeddings-").size());
    for (FaceEmbedding e : binRows) {
      assertEquals(1.0, norm(e.getVector()), 1e-5, e.getId().toString());
    }
  }

  @Test
  void aFolderWithBrokenFilesAccountsForEveryFile() throws Exception {
    Path synth = tmp.resolve("broken");
    SyntheticFaces.builder()
        .identities(3)
        .imagesPerIdentity(3)
        .imageSize(128)
        .seed(2)
        .difficulty(0.2)
        .corruptFraction(0.25)
        .build()
        .write(synth);
    List<String> corrupt = Files.readAllLines(synth.resolve(SyntheticFaces.CORRUPT_FILE));
    Path out = tmp.resolve("embed-folder");
    assertEquals(
        0,
        lfs.run(
            "embed",
            "--model=" + model,
            "--input=" + synth,
            "--landmarks=" + synth.resolve(SyntheticFaces.LANDMARKS_FILE),
            "--output=" + out,
            "--flipFusion"),
        lfs.err());
    List<FaceEmbedding> rows = AvroFiles.readAll(out + "/embeddings-*.avro", FaceEmbedding.class);
    List<DeadLetter> dead = AvroFiles.read(out + "/dead_letters.avro", DeadLetter.class);
    assertEquals(9, rows.size());
    assertEquals(corrupt.size(), dead.size(), dead.toString());
    for (String line : corrupt) {
      String path = line.split("\t")[0];
      assertTrue(dead.stream().anyMatch(d -> d.getSource().equals(path)), path + " not in " + dead);
    }
  }

  @Test
  void optionsThatDoNotFitTheInputAreOneLine() {
    assertEquals(
        2,
        lfs.run(
            "embed",
            "--model=" + model,
            "--input=" + data,
            "--output=" + tmp.resolve("x"),
            "--landmarks=l.txt"));
    assertTrue(lfs.err().contains("--landmarks and --alignment apply to a folder"), lfs.err());
    assertEquals(1, lfs.err().strip().lines().count(), lfs.err());
    lfs.reset();
    assertEquals(
        2, lfs.run("embed", "--model=" + data, "--input=" + data, "--output=" + tmp.resolve("x")));
    assertTrue(lfs.err().contains("not an exported SavedModel"), lfs.err());
  }

  private static double norm(List<Float> v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  private static List<String> names(Path dir, String prefix) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix))
          .sorted()
          .toList();
    }
  }
}
