package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.insightface.DamagedReferencePack;
import io.lfsbeam.insightface.FacePack;
import io.lfsbeam.insightface.PackBuilder;
import io.lfsbeam.insightface.PackClassNames;
import io.lfsbeam.insightface.PackExport;
import io.lfsbeam.insightface.PackedFace;
import io.lfsbeam.insightface.RecordIoFile;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.DatasetManifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lfs preprocess} on a (damaged) insightface pack with the usual identity split, then {@code
 * lfs export --format=recordio} of its val split; one-line errors for what a pack cannot do.
 */
class PackCommandsTest {
  @TempDir static Path tmp;
  static Path pack;
  static Path data;
  static String preprocessOut;

  private final CapturedLfs lfs = new CapturedLfs(new PreprocessCommand(), new ExportCommand());

  @BeforeAll
  static void preprocessThePack() throws Exception {
    pack = DamagedReferencePack.write(tmp.resolve("pack"));
    data = tmp.resolve("data");
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code =
          new Lfs(System.out, System.err, List.of(new PreprocessCommand()))
              .run(
                  new String[] {
                    "preprocess",
                    "--input=" + pack,
                    "--output=" + data,
                    "--pairsPerFold=5",
                    "--trainFraction=0.8",
                    "--valFraction=0.2",
                    "--testFraction=0",
                    "--shardsPerSplit=2"
                  });
      assertEquals(0, code, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      preprocessOut = captured.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void aPackIsDetectedSplitByIdentityAndItsTruncationReported() throws Exception {
    DatasetManifest m = AvroFiles.read(data + "/manifest.avro", DatasetManifest.class).get(0);
    assertEquals(DamagedReferencePack.INPUTS, m.getInputs());
    assertEquals(DamagedReferencePack.READABLE_FACES, m.getAccepted());
    assertEquals(Map.of("train", 24L, "val", 6L, "test", 0L), m.getIdentitiesPerSplit());
    assertEquals("none", m.getOptions().get("alignment"));
    assertTrue(preprocessOut.contains("train.rec is truncated"), preprocessOut);
  }

  @Test
  void exportWritesTheValSplitWithClassesRenumberedFromZero() throws Exception {
    Path exported = tmp.resolve("val-pack");
    assertEquals(
        0,
        lfs.run(
            new String[] {
              "export", "--data=" + data, "--split=val", "--output=" + exported, "--format=recordio"
            }),
        lfs.err());
    List<String> valIdentities = new ArrayList<>();
    for (String line : Files.readAllLines(data.resolve("labels.tsv"))) {
      String[] f = line.split("\t");
      if (f[2].equals("val")) {
        valIdentities.add(f[0]);
      }
    }
    PackClassNames names =
        PackClassNames.parse(Files.readString(exported.resolve(PackExport.CLASS_NAMES)));
    Map<Integer, Integer> perClass = new TreeMap<>();
    try (FacePack p = FacePack.open(exported)) {
      for (PackedFace f : p.faces()) {
        perClass.merge(f.classIndex(), 1, Integer::sum);
      }
      assertEquals(6, p.property().orElseThrow().numClasses());
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5), new ArrayList<>(perClass.keySet()));
    for (int c = 0; c < 6; c++) {
      assertEquals(valIdentities.get(c), names.nameOf(c));
    }
    DatasetManifest m = AvroFiles.read(data + "/manifest.avro", DatasetManifest.class).get(0);
    assertEquals(
        m.getCountsPerSplit().get("val"),
        perClass.values().stream().mapToLong(Integer::longValue).sum());
  }

  @Test
  void wrongExportUsageIsOneLine() {
    assertEquals(
        2, lfs.run(new String[] {"export", "--data=" + data, "--format=zip", "--output=x"}));
    lfs.assertOneLine("--format must be one of recordio, bin; not zip");
    lfs.reset();
    assertEquals(
        2, lfs.run(new String[] {"export", "--data=" + data, "--split=all", "--output=x"}));
    lfs.assertOneLine("--split must be train, val or test");
    lfs.reset();
    assertEquals(2, lfs.run(new String[] {"export", "--data=" + pack, "--output=x"}));
    lfs.assertOneLine("is not a preprocess output");
  }

  @Test
  void wrongPackUsageIsOneLine() {
    assertEquals(
        2,
        lfs.run(
            new String[] {
              "preprocess",
              "--input=" + pack,
              "--output=" + tmp.resolve("x"),
              "--alignment=landmarks"
            }));
    lfs.assertOneLine("a pack has no landmarks");
    lfs.reset();
    assertEquals(
        2,
        lfs.run(
            new String[] {
              "preprocess",
              "--input=" + data.resolve("labels.tsv"),
              "--output=" + tmp.resolve("x"),
              "--alignment=center-crop",
              "--classNames=" + data.resolve("labels.tsv")
            }));
    lfs.assertOneLine("--classNames applies to a pack");
  }

  @Test
  void aPackWhoseRecordZeroIsBrokenFailsInOneLine() throws Exception {
    Path broken = tmp.resolve("broken");
    Files.createDirectories(broken);
    for (String f : new String[] {RecordIoFile.REC, RecordIoFile.IDX}) {
      Files.copy(pack.resolve(f), broken.resolve(f));
    }
    // record 0 is the first in the file
    PackBuilder.breakMagic(broken, 0);
    assertEquals(
        1,
        lfs.run(new String[] {"preprocess", "--input=" + broken, "--output=" + tmp.resolve("y")}));
    lfs.assertOneLine("record 0 (its header) cannot be read");
  }

  @Test
  void exportHelpListsItsOptions() {
    assertEquals(0, lfs.run(new String[] {"export", "--help"}));
    String help = lfs.out();
    for (String option : new String[] {"--format", "--data", "--split", "--imageFormat"}) {
      assertTrue(help.contains(option), help);
    }
  }
}
