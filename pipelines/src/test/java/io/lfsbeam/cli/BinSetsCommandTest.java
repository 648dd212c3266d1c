package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.evaluate.VerificationSet;
import io.lfsbeam.image.PngEncoder;
import io.lfsbeam.image.RgbImage;
import io.lfsbeam.insightface.BinFaces;
import io.lfsbeam.insightface.VerificationBin;
import io.lfsbeam.insightface.VerificationBinWriter;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.schemas.VerificationPair;
import io.lfsbeam.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification .bin sets through the commands, on the ORL reference files of ../shared (skipped
 * when absent): {@code evaluate --bins} reports every set plain and flip-fused and agrees with the
 * same pairs evaluated through the preprocess-output path; {@code search --valBin --testBins} runs
 * end to end; bad .bin files and options fail with one line.
 *
 * <p>The data is the reference pack itself ({@code preprocess --input=<pack>}, all 30 classes to
 * train, no val or test pairs), as a team with a pack on disk would run it; the model is {@code
 * tiny} trained briefly on it. The .bin files hold the 10 ORL people the pack does not, so the .bin
 * sets are the only evaluation sets.
 */
class BinSetsCommandTest {
  static final String ORL = "datasets/insightface_orl/";

  @TempDir static Path tmp;
  static Path py2;
  static Path py3;
  static Path data;
  static Path model;

  private final CapturedLfs lfs =
      new CapturedLfs(new EvaluateCommand(), new SearchCommand(), new CompareCommand());

  @BeforeAll
  static void orlModel() throws Exception {
    py2 = SharedData.require(ORL + "orl_verify_py2.bin");
    py3 = SharedData.require(ORL + "orl_verify_py3.bin");
    Path pack = SharedData.require(ORL + "train.rec").getParent();
    data = tmp.resolve("orl-pack");
    Lfs quiet = new Lfs(System.out, System.err, List.of(new PreprocessCommand()));
    assertEquals(
        0,
        quiet.run(
            new String[] {
              "preprocess",
              "--input=" + pack,
              "--output=" + data,
              "--trainFraction=1",
              "--valFraction=0",
              "--testFraction=0",
              "--seed=1"
            }));
    DatasetManifest m = AvroFiles.read(data + "/manifest.avro", DatasetManifest.class).get(0);
    assertEquals(Map.of("train", 30L, "val", 0L, "test", 0L), m.getIdentitiesPerSplit());
    assertEquals(300L, m.getAccepted(), "every face of the pack is accepted as it is");
    model = TrainedModels.tinyOn(data, tmp.resolve("model"), 40);
  }

  @Test
  void evaluateBinsReportsEverySetPlainAndFlipFused() throws Exception {
    Path output = tmp.resolve("bins-eval");
    int code =
        lfs.run(
            new String[] {
              "evaluate",
              "--model=" + model,
              "--bins=" + py2 + "," + py3,
              "--batchSize=32",
              "--output=" + output
            });
    assertEquals(0, code, lfs.err());
    List<EvalMetrics> m = AvroFiles.read(output + "/metrics.avro", EvalMetrics.class);
    assertEquals(
        List.of(
            "orl_verify_py2/false",
            "orl_verify_py2/true",
            "orl_verify_py3/false",
            "orl_verify_py3/true"),
        m.stream().map(x -> x.getEvalSet() + "/" + x.getFlipFusion()).toList());
    for (EvalMetrics x : m) {
      assertEquals(300, x.getPairs());
      assertEquals(10, x.getFoldAccuracies().size());
    }
    // the two pickle flavours hold the same pairs: the same figures, variant by variant
    for (int v = 0; v < 2; v++) {
      assertEquals(m.get(v).getFoldAccuracies(), m.get(2 + v).getFoldAccuracies());
      assertEquals(m.get(v).getAuc(), m.get(2 + v).getAuc(), 1e-6);
    }
    String summary = Files.readString(output.resolve("summary.md"));
    assertEquals(4, summary.lines().filter(l -> l.startsWith("| orl_verify_py")).count(), summary);
    for (String variant :
        List.of("orl_verify_py2", "orl_verify_py2-flip", "orl_verify_py3", "orl_verify_py3-flip")) {
      for (String f : List.of("metrics.avro", "summary.md", "roc.tsv", "roc.png")) {
        assertTrue(Files.size(output.resolve(variant).resolve(f)) > 0, variant + "/" + f);
      }
    }
  }

  /**
   * The .bin's faces and pairs written as a preprocess output and evaluated through {@code evaluate
   * --data} give the figures of {@code evaluate --bins}, plain and flip-fused (the embeddings of
   * one face can differ by float rounding between batchings, hence the AUC slack).
   */
  @Test
  void aBinScoresLikeTheSamePairsThroughThePreprocessOutputPath() throws Exception {
    Path binOut = tmp.resolve("py2-eval");
    assertEquals(
        0,
        lfs.run(
            new String[] {"evaluate", "--model=" + model, "--bins=" + py2, "--output=" + binOut}),
        lfs.err());
    List<EvalMetrics> viaBin = AvroFiles.read(binOut + "/metrics.avro", EvalMetrics.class);

    VerificationSet set = BinFaces.read(py2.toString(), 112, 112);
    Path asData = tmp.resolve("py2-as-preprocess-output");
    List<AlignedFace> faces = new ArrayList<>();
    set.faces().forEach(f -> faces.add(AlignedFace.newBuilder(f).setSplit(Split.TEST).build()));
    AvroFiles.write(
        asData + "/faces/test-00000-of-00001.avro", AlignedFace.getClassSchema(), faces);
    AvroFiles.write(asData + "/pairs/test.avro", VerificationPair.getClassSchema(), set.pairs());
    for (int v = 0; v < 2; v++) {
      Path o = tmp.resolve("py2-pairs-path-" + v);
      assertEquals(
          0,
          lfs.run(
              new String[] {
                "evaluate",
                "--model=" + model,
                "--data=" + asData,
                "--split=test",
                "--flipFusion=" + (v == 1),
                "--output=" + o
              }),
          lfs.err());
      EvalMetrics viaPairs = AvroFiles.read(o + "/metrics.avro", EvalMetrics.class).get(0);
      EvalMetrics b = viaBin.get(v);
      assertEquals(v == 1, b.getFlipFusion());
      assertEquals(b.getFlipFusion(), viaPairs.getFlipFusion());
      assertEquals(b.getPairs(), viaPairs.getPairs());
      assertEquals(b.getFoldAccuracies(), viaPairs.getFoldAccuracies(), "variant " + v);
      assertEquals(b.getAccuracyMean(), viaPairs.getAccuracyMean(), 0.0);
      assertEquals(b.getAuc(), viaPairs.getAuc(), 1e-4);
    }
  }

  @Test
  void searchOnThePackWithValBinRewardsOnOneBinAndTestsOnTheOther() throws Exception {
    Path output = tmp.resolve("search");
    int code =
        lfs.run(
            new String[] {
              "search",
              "--data=" + data,
              "--output=" + output,
              "--valBin=" + py2,
              "--testBins=" + py3,
              "--rounds=1",
              "--candidates=2",
              "--backbone=tiny",
              "--epochsPerRound=0",
              "--stepsPerRound=4",
              "--batchSize=16",
              "--threads=1",
              "--seed=3"
            });
    assertEquals(0, code, lfs.err());
    List<EvalMetrics> rewards =
        AvroFiles.read(output + "/round-0001/eval_metrics.avro", EvalMetrics.class);
    assertEquals(2, rewards.size());
    for (EvalMetrics r : rewards) {
      assertEquals("orl_verify_py2", r.getEvalSet().toString(), "the reward set is the .bin");
      assertEquals(300, r.getPairs());
    }
    // the pack's data has no test pairs: the .bin is the only (so the primary) test set
    List<EvalMetrics> tests =
        AvroFiles.read(output + "/final/test_metrics.avro", EvalMetrics.class);
    assertEquals(
        List.of("orl_verify_py3"), tests.stream().map(t -> t.getEvalSet().toString()).toList());
    assertEquals(300, tests.get(0).getPairs());
    assertEquals(10, tests.get(0).getFoldAccuracies().size());
    assertTrue(Files.exists(output.resolve("final/roc.png")));
    assertTrue(Files.isDirectory(output.resolve("model")), "the final model is exported");
    String report = TextFiles.read(output + "/report.md");
    assertTrue(report.contains("Reward set: `" + py2 + "`"), report);
    assertTrue(report.lines().anyMatch(l -> l.startsWith("| orl_verify_py3 ")), report);
    assertFalse(report.lines().anyMatch(l -> l.startsWith("| test ")), report);
  }

  @Test
  void aBinThatWouldRunCodeFailsTheEvaluationWithOneLine() throws Exception {
    Path evil = tmp.resolve("evil.bin");
    Path marker = tmp.resolve("pwned");
    // (["\xff\xd8"] + os.system("touch <marker>"), []) as Python 2 would pickle it
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {(byte) 0x80, 2, ']', '(', 'U', 2, (byte) 0xff, (byte) 0xd8});
    b.writeBytes("cos\nsystem\nU".getBytes(StandardCharsets.US_ASCII));
    byte[] command = ("touch " + marker).getBytes(StandardCharsets.US_ASCII);
    b.write(command.length);
    b.writeBytes(command);
    b.writeBytes(new byte[] {(byte) 0x85, 'R', 'e', ']', (byte) 0x86, '.'});
    Files.write(evil, b.toByteArray());
    int code =
        lfs.run(
            new String[] {
              "evaluate", "--model=" + model, "--bins=" + evil, "--output=" + tmp.resolve("evil")
            });
    // refused before any pipeline runs: the file is read in the command's checks
    assertEquals(2, code);
    lfs.assertOneLine("evil.bin: refused opcode GLOBAL (os.system): it would import or call code");
    assertEquals(1, lfs.err().split("refused opcode", -1).length - 1, "said once: " + lfs.err());
    assertFalse(Files.exists(marker));
  }

  @Test
  void imagesOfAnotherSizeThanTheModelsFailWithOneLine() throws Exception {
    byte[] narrow = PngEncoder.encode(new RgbImage(new byte[96 * 112 * 3], 96, 112));
    List<byte[]> images = new ArrayList<>();
    boolean[] same = new boolean[10];
    for (int k = 0; k < 10; k++) {
      images.add(narrow);
      images.add(narrow);
      same[k] = k % 2 == 0;
    }
    Path bin = tmp.resolve("narrow.bin");
    VerificationBinWriter.write(
        VerificationBin.of(images, same), bin.toString(), VerificationBinWriter.Flavour.PYTHON3);
    int code =
        lfs.run(
            new String[] {
              "evaluate", "--model=" + model, "--bins=" + bin, "--output=" + tmp.resolve("narrow")
            });
    assertEquals(2, code, "refused before any pipeline runs");
    lfs.assertOneLine("narrow.bin image 0 (pair 0) is 96x112 but the model takes 112x112");
    // a search checks its .bin files before it trains anything
    lfs.reset();
    Path output = tmp.resolve("narrow-search");
    code =
        lfs.run(
            new String[] {
              "search",
              "--data=" + data,
              "--output=" + output,
              "--valBin=" + py3,
              "--testBins=" + bin,
              "--rounds=1"
            });
    assertEquals(2, code);
    lfs.assertOneLine("narrow.bin image 0 (pair 0) is 96x112 but the model takes 112x112");
    assertFalse(Files.exists(output), "nothing written");
  }

  @Test
  void badBinOptionsAreOneLineUsageErrors() {
    String[][] cases = {
      {"evaluate", "--model=" + model, "--bins=" + py2, "--data=" + data, "--output=/tmp/x"},
      {"evaluate", "--model=" + model, "--bins=/no/lfw.bin", "--output=/tmp/x"},
      {
        "evaluate", "--model=" + model, "--bins=" + py2 + ",/other/orl_verify_py2.bin", "--output=x"
      },
      {"evaluate", "--model=" + model, "--output=/tmp/x"},
      {"search", "--data=" + data, "--output=/tmp/x", "--valBin=/no/val.bin"},
      {
        "search",
        "--data=" + data,
        "--output=/tmp/x",
        "--testBins=" + py2 + ",/x/orl_verify_py2.bin"
      },
      {"compare", "--data=" + data, "--output=/tmp/x", "--testBins=/no/agedb_30.bin"},
    };
    String[] expected = {
      "--data belongs to the preprocess-output path",
      "--bins=/no/lfw.bin: no such file or directory",
      "--bins names two sets 'orl_verify_py2'",
      "give --data=<preprocess output> or --bins=<verification .bin files>",
      "--valBin=/no/val.bin: no such file or directory",
      "is named 'orl_verify_py2' like another test set",
      "--testBins=/no/agedb_30.bin: no such file or directory",
    };
    for (int i = 0; i < cases.length; i++) {
      lfs.reset();
      assertEquals(2, lfs.run(cases[i]), String.join(" ", cases[i]));
      lfs.assertOneLine(expected[i]);
    }
  }
}
