package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lfsbeam.evaluate.VerificationSet;
import io.lfsbeam.image.DecodeResult;
import io.lfsbeam.image.ImageDecoder;
import io.lfsbeam.image.PngDecoder;
import io.lfsbeam.image.RgbImage;
import io.lfsbeam.insightface.BinFaces;
import io.lfsbeam.insightface.VerificationBin;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.VerificationPair;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lfs export --format=bin}: a preprocess output's test pairs as a verification .bin that
 * reads back pair by pair (fold order, matched flags, the very pixels of the preprocess faces) and
 * scores like the same pairs through {@code evaluate --data}; wrong option combinations are one
 * line. Python's own pickle reads it when /usr/bin/python3 exists (the check is skipped otherwise).
 */
class ExportBinCommandTest {
  private static final Path PYTHON3 = Path.of("/usr/bin/python3");

  @TempDir static Path tmp;
  static Path data;
  static Path model;

  private final CapturedLfs lfs = new CapturedLfs(new ExportCommand(), new EvaluateCommand());

  /**
   * Synthetic faces → {@code lfs preprocess} (test pairs in 10 folds) → tiny trained for 30 steps.
   */
  @BeforeAll
  static void dataAndModel() throws Exception {
    data = TrainedModels.preprocessedSynthetic(tmp, 13);
    model = TrainedModels.tinyOn(data, tmp.resolve("model"), 30);
  }

  private Path export(String name, String... extra) {
    Path file = tmp.resolve(name);
    List<String> args =
        new ArrayList<>(List.of("export", "--format=bin", "--data=" + data, "--output=" + file));
    args.addAll(List.of(extra));
    assertEquals(0, lfs.run(args.toArray(String[]::new)), lfs.err());
    return file;
  }

  /** The test pairs in the order the .bin must hold them: by fold, stably. */
  private static List<VerificationPair> testPairsInFoldOrder() throws Exception {
    List<VerificationPair> pairs =
        new ArrayList<>(AvroFiles.read(data + "/pairs/test.avro", VerificationPair.class));
    pairs.sort(Comparator.comparingInt(VerificationPair::getFold));
    return pairs;
  }

  @Test
  void testPairsExportAsABinWithTheSamePairsFoldsAndPixels() throws Exception {
    Path file = export("synthetic_test.bin", "--pairs=test");
    List<VerificationPair> pairs = testPairsInFoldOrder();
    assertTrue(pairs.size() >= 10, "enough pairs for 10 folds: " + pairs.size());
    Map<String, AlignedFace> faces = new HashMap<>();
    for (AlignedFace f : AvroFiles.readAll(data + "/faces/*.avro", AlignedFace.class)) {
      faces.put(f.getId().toString(), f);
    }

    VerificationBin bin = VerificationBin.read(file.toString());
    assertEquals(pairs.size(), bin.pairs());
    for (int k = 0; k < pairs.size(); k++) {
      VerificationPair p = pairs.get(k);
      assertEquals(p.getSame(), bin.same(k), "issame of pair " + k);
      assertEquals(p.getFold(), bin.fold(k), "insightface's block of pair " + k + " is its fold");
      assertSamePixels(faces.get(p.getLeftId().toString()), bin.left(k), "left of pair " + k);
      assertSamePixels(faces.get(p.getRightId().toString()), bin.right(k), "right of pair " + k);
    }
    // read as evaluate reads it: the pairs name the same faces (a face is one image however many
    // pairs name it)
    VerificationSet set = BinFaces.read(file.toString(), 112, 112);
    assertEquals("synthetic_test", set.name());
    for (int k = 0; k < pairs.size(); k++) {
      VerificationPair back = set.pairs().get(k);
      assertEquals(
          pairs.get(k).getLeftId().equals(pairs.get(k).getRightId()),
          back.getLeftId().equals(back.getRightId()));
      assertEquals(pairs.get(k).getSame(), back.getSame());
    }
    long distinct =
        pairs.stream()
            .flatMap(p -> Stream.of(p.getLeftId(), p.getRightId()))
            .map(CharSequence::toString)
            .distinct()
            .count();
    assertEquals(distinct, set.faces().size(), "every face once");
  }

  private static void assertSamePixels(AlignedFace face, byte[] encoded, String what)
      throws Exception {
    DecodeResult d = new ImageDecoder().decode(encoded);
    assertTrue(d.isDecoded(), () -> what + ": " + d.message());
    RgbImage expected = PngDecoder.decodeRgb(bytes(face.getImage()));
    assertEquals(expected.width(), d.image().width(), what);
    assertEquals(expected.height(), d.image().height(), what);
    assertArrayEquals(expected.rgb(), d.image().rgb(), what);
  }

  /**
   * {@code evaluate --bins=<exported>} gives the fold accuracies of {@code evaluate --data
   * --split=test}: the export keeps insightface's folds equal to the pairs' own.
   */
  @Test
  void theExportedBinScoresLikeTheTestSplit() throws Exception {
    Path file = export("scored_test.bin", "--pairs=test", "--pickle=python2");
    Path viaBin = tmp.resolve("eval-bin");
    assertEquals(
        0,
        lfs.run(
            new String[] {"evaluate", "--model=" + model, "--bins=" + file, "--output=" + viaBin}),
        lfs.err());
    Path viaData = tmp.resolve("eval-data");
    assertEquals(
        0,
        lfs.run(
            new String[] {
              "evaluate",
              "--model=" + model,
              "--data=" + data,
              "--split=test",
              "--flipFusion=false",
              "--output=" + viaData
            }),
        lfs.err());
    EvalMetrics b = AvroFiles.read(viaBin + "/metrics.avro", EvalMetrics.class).get(0);
    EvalMetrics d = AvroFiles.read(viaData + "/metrics.avro", EvalMetrics.class).get(0);
    assertFalse(b.getFlipFusion());
    assertFalse(d.getFlipFusion());
    assertEquals(d.getPairs(), b.getPairs());
    assertEquals(10, b.getFoldAccuracies().size());
    assertEquals(d.getFoldAccuracies(), b.getFoldAccuracies());
    assertEquals(d.getAuc(), b.getAuc(), 1e-4, "one face's embedding may round differently");
  }

  /** Python's own pickle reads both flavours (skipped where there is no /usr/bin/python3). */
  @Test
  void pythonsPickleReadsBothFlavours() throws Exception {
    assumeTrue(
        Files.isExecutable(PYTHON3),
        "no /usr/bin/python3 on this machine: the check that Python's pickle reads the export is"
            + " skipped");
    List<VerificationPair> pairs = testPairsInFoldOrder();
    Map<String, byte[]> png = new HashMap<>();
    for (AlignedFace f : AvroFiles.readAll(data + "/faces/*.avro", AlignedFace.class)) {
      png.put(f.getId().toString(), bytes(f.getImage()));
    }
    String expected =
        pairs.size()
            + " "
            + pairs.stream().filter(VerificationPair::getSame).count()
            + " "
            + sha256(png.get(pairs.get(0).getLeftId().toString()))
            + " "
            + sha256(png.get(pairs.get(pairs.size() - 1).getRightId().toString()));
    for (String flavour : List.of("python3", "python2")) {
      Path file = export("py_" + flavour + ".bin", "--pairs=test", "--pickle=" + flavour);
      // arcface_torch's loader: pickle.load(f, encoding='bytes'); a Python 3 pickle also loads
      // without it
      String read =
          flavour.equals("python3") ? "pickle.load(f)" : "pickle.load(f, encoding='bytes')";
      String script =
          "import hashlib, pickle, sys\n"
              + "with open(sys.argv[1], 'rb') as f:\n"
              + "    bins, issame = "
              + read
              + "\n"
              + "assert len(bins) == 2 * len(issame)\n"
              + "print(len(issame), sum(bool(s) for s in issame),"
              + " hashlib.sha256(bytes(bins[0])).hexdigest(),"
              + " hashlib.sha256(bytes(bins[-1])).hexdigest())\n";
      Process p =
          new ProcessBuilder(PYTHON3.toString(), "-c", script, file.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
      assertEquals(0, p.exitValue(), output);
      assertEquals(expected, output, flavour);
    }
  }

  @Test
  void wrongBinExportUsageIsOneLine() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("a-folder"));
    String[][] cases = {
      {"export", "--format=bin", "--data=" + data, "--output=x.bin"},
      {"export", "--format=bin", "--data=" + data, "--pairs=test", "--split=test", "--output=x"},
      {"export", "--data=" + data, "--pairs=test", "--output=x"},
      {"export", "--format=bin", "--data=" + data, "--pairs=/no/pairs.avro", "--output=x.bin"},
      {"export", "--format=bin", "--data=" + data, "--pairs=val", "--output=" + folder},
      {"export", "--format=bin", "--data=" + data, "--pairs=test", "--pickle=4", "--output=x"},
    };
    String[] expected = {
      "--format=bin needs --pairs=val, test or a VerificationPair .avro file",
      "--split belongs to --format=recordio; --format=bin writes --pairs=val|test|FILE",
      "--pairs belongs to --format=bin",
      "--pairs=/no/pairs.avro: no such file or directory",
      "is a folder; --format=bin writes one .bin file",
      "--pickle must be one of python3, python2; not 4",
    };
    for (int i = 0; i < cases.length; i++) {
      lfs.reset();
      assertEquals(2, lfs.run(cases[i]), String.join(" ", cases[i]));
      lfs.assertOneLine(expected[i]);
    }
    // a preprocess output without test pairs names the missing file
    Path noTest = tmp.resolve("no-test");
    Files.createDirectories(noTest);
    Files.copy(data.resolve("labels.tsv"), noTest.resolve("labels.tsv"));
    Files.copy(data.resolve("manifest.avro"), noTest.resolve("manifest.avro"));
    lfs.reset();
    assertEquals(
        2,
        lfs.run(
            new String[] {
              "export", "--format=bin", "--data=" + noTest, "--pairs=test", "--output=x.bin"
            }));
    lfs.assertOneLine("pairs/test.avro does not exist (the preprocess output has no test pairs)");
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
