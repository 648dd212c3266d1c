package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.insightface.ImageRecordHeader;
import io.lfsbeam.insightface.PackBuilder;
import io.lfsbeam.insightface.RecordIoFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input rules at the command line: one empty-input error for every input kind, before any
 * pipeline; .bin files whose names cannot name a set folder; identity names that would break
 * labels.tsv or classes.tsv; a pack whose files leave its folder; and what preprocess tells about
 * its input (landmark lines by kind, a pack's declared faces against its index).
 */
class InputRulesCommandTest {
  @TempDir Path tmp;

  private final CapturedLfs lfs =
      new CapturedLfs(
          new PreprocessCommand(), new EvaluateCommand(), new SearchCommand(), new ExportCommand());

  private void refused(int code, String expected, String... args) {
    lfs.reset();
    assertEquals(code, lfs.run(args), String.join(" ", args) + ": " + lfs.err());
    lfs.assertOneLine(expected);
  }

  private static Path pack(Path dir, int faces, int cutFrom) throws Exception {
    PackBuilder b = new PackBuilder();
    b.record(0, ImageRecordHeader.withLabels(0, faces + 1, faces + 1 + 2).encode(new byte[0]));
    for (long key = 1; key <= faces; key++) {
      byte[] face = PackBuilder.face((key - 1) % 2, key, PackBuilder.png(112, 112, key));
      if (key >= cutFrom) {
        b.unindexed(face); // a truncated .idx: the records are there, their lines are not
      } else {
        b.record(key, face);
      }
    }
    return b.write(dir, -1, null);
  }

  @Test
  void everyEmptyInputFailsWithTheSameLineBeforeAnyPipeline() throws Exception {
    Path emptyFolder = Files.createDirectories(tmp.resolve("empty"));
    Path emptyIdentities = Files.createDirectories(tmp.resolve("empty-ids"));
    Files.createDirectories(emptyIdentities.resolve("id_a"));
    Files.createDirectories(emptyIdentities.resolve("id_b/nested"));
    Path commentsOnly = Files.writeString(tmp.resolve("list.txt"), "# path\tidentity\n\n");
    Path zeroPack = Files.createDirectories(tmp.resolve("zero-pack"));
    Files.write(zeroPack.resolve(RecordIoFile.REC), new byte[0]);
    Files.write(zeroPack.resolve(RecordIoFile.IDX), new byte[0]);
    Path headerOnly = pack(tmp.resolve("header-only"), 0, 1);
    Path indexCut = pack(tmp.resolve("index-cut-pack"), 5, 1);
    Object[][] cases = {
      {emptyFolder, "an empty folder: no identity folders"},
      {emptyIdentities, "an empty folder: its identity folders hold no files"},
      {commentsOnly, "an empty list: no '<path>\\t<identity>' line"},
      {zeroPack, "an empty pack: train.rec is 0 bytes"},
      {headerOnly, "an empty pack: record 0 declares no faces"},
      {indexCut, "an empty pack: train.idx names none of the 5 faces record 0 declares"},
    };
    for (Object[] c : cases) {
      Path out = tmp.resolve("out-" + ((Path) c[0]).getFileName());
      refused(
          2,
          "--input=" + c[0] + " holds no images (" + c[1] + "): nothing to preprocess",
          "preprocess",
          "--input=" + c[0],
          "--output=" + out,
          "--alignment=center-crop");
      assertFalse(Files.exists(out), "nothing written for " + c[0]);
    }
  }

  @Test
  void binFilesWhoseNamesCannotNameASetFolderAreRefused() throws Exception {
    Path model = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(model.resolve("saved_model.pb"), "");
    Path dir = Files.createDirectories(tmp.resolve("bins"));
    String[][] cases = {
      {"...bin", "set name '..'"},
      {"..bin", "set name '.'"},
      {".hidden.bin", "starts with a dot"},
      {"..\\..\\x.bin", "starts with a dot"},
      {"a\\b.bin", "holds '\\'"},
      {"tab\there.bin", "holds 'U+0009'"},
      {"summary.md.bin", "the summary's own file summary.md"},
      {"METRICS.avro.bin", "the summary's own file metrics.avro"},
      {"x.bin,x-flip.bin", "would write the folder 'x-flip'"},
      {"lfw.bin,LFW.bin", "--bins names two sets 'LFW'"},
    };
    for (String[] c : cases) {
      StringBuilder bins = new StringBuilder();
      for (String name : c[0].split(",")) {
        bins.append(bins.length() == 0 ? "" : ",").append(Files.writeString(dir.resolve(name), ""));
      }
      refused(
          2,
          c[1],
          "evaluate",
          "--model=" + model,
          "--bins=" + bins,
          "--output=" + tmp.resolve("eval"));
    }
    Path data = Files.createDirectories(tmp.resolve("data"));
    refused(
        2,
        "set name '.'",
        "search",
        "--data=" + data,
        "--output=" + tmp.resolve("s"),
        "--testBins=" + dir.resolve("..bin"));
    refused(
        2,
        "set name '..'",
        "search",
        "--data=" + data,
        "--output=" + tmp.resolve("s"),
        "--valBin=" + dir.resolve("...bin"));
    assertFalse(Files.exists(tmp.resolve("eval")));
  }

  @Test
  void identityNamesThatWouldBreakTheTabSeparatedFilesAreRefused() throws Exception {
    // export: a labels.tsv whose names shifted its columns fails before any pack file is written
    String[][] labels = {
      {"identity\tlabel\tsplit\nok\t0\ttrain\nbad\tname\t1\ttrain\n", "line 3: expected"},
      {"identity\tlabel\tsplit\nbad\u000bname\t0\ttrain\n", "U+000B"},
      {"identity\tlabel\tsplit\nok\tzero\ttrain\n", "label 'zero' is not a whole number"},
    };
    for (int i = 0; i < labels.length; i++) {
      Path data = Files.createDirectories(tmp.resolve("labels-" + i));
      Files.createDirectories(data.resolve("faces"));
      Files.writeString(data.resolve("faces/train-00000-of-00001.avro"), "");
      Files.writeString(data.resolve("manifest.avro"), "");
      Files.writeString(data.resolve("labels.tsv"), labels[i][0]);
      Path out = tmp.resolve("pack-" + i);
      refused(1, labels[i][1], "export", "--data=" + data, "--output=" + out, "--format=recordio");
      assertFalse(Files.exists(out), "no partial pack");
    }
    // a pack's class names file: a name with a control character is refused at once
    Path pack = pack(tmp.resolve("pack"), 4, 99);
    Path names = Files.writeString(tmp.resolve("names.tsv"), "0\tfine\n1\tbell\u0007name\n");
    refused(
        2,
        "class names line 2: identity name 'bell\\u0007name' holds the control character U+0007",
        "preprocess",
        "--input=" + pack,
        "--output=" + tmp.resolve("out"),
        "--classNames=" + names);
  }

  @Test
  void aPackWhoseFilesLeaveItsFolderIsRefused() throws Exception {
    Path real = pack(tmp.resolve("real"), 4, 99);
    Path linked = Files.createDirectories(tmp.resolve("linked"));
    Files.createSymbolicLink(linked.resolve(RecordIoFile.REC), real.resolve(RecordIoFile.REC));
    Files.copy(real.resolve(RecordIoFile.IDX), linked.resolve(RecordIoFile.IDX));
    refused(
        2,
        "train.rec is a symbolic link that leaves the pack folder",
        "preprocess",
        "--input=" + linked,
        "--format=recordio",
        "--output=" + tmp.resolve("out"));
  }

  @Test
  void preprocessTellsWhatThePackDeclaredAgainstWhatItRead() throws Exception {
    Path pack = pack(tmp.resolve("cut"), 12, 10);
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          lfs.run(
              "preprocess",
              "--input=" + pack,
              "--output=" + tmp.resolve("out"),
              "--trainFraction=1",
              "--valFraction=0",
              "--testFraction=0");
    } finally {
      System.setOut(stdout);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, lfs.err());
    assertTrue(out.contains("12 inputs = 9 accepted + 3 dead letters + 0 duplicates"), out);
    assertTrue(
        out.contains(
            "pack: record 0 declares 12 faces, train.idx names 9; warning: 3 declared faces have"
                + " no index line (dead letters MISSING_FROM_INDEX)"),
        out);
    assertEquals(
        List.of(),
        out.lines().filter(l -> l.startsWith("preprocess: landmark lines")).toList(),
        "a pack has no landmark lines");
  }
}
