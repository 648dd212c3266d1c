package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private String run(int expectedCode, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      Lfs lfs =
          new Lfs(
              System.out,
              new PrintStream(err, true, StandardCharsets.UTF_8),
              List.of(new BenchCommand()));
      assertEquals(
          expectedCode, lfs.run(args), () -> "stderr: " + err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(saved);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The figure in the given column of the row that starts with {@code label}. */
  private static double figure(String table, String label, int column) {
    return Double.parseDouble(cell(table, label, column).replace(",", "").replace(" MB", ""));
  }

  /** The text in the given column of the row that starts with {@code label}. */
  private static String cell(String table, String label, int column) {
    for (String line : table.split("\n")) {
      if (line.startsWith(label)) {
        return line.substring(label.length()).trim().split("\\s{2,}")[column];
      }
    }
    throw new AssertionError("no row '" + label + "' in\n" + table);
  }

  @Test
  void alignWritesFacesOnceAndReportsEveryStageWithTheMachine(@TempDir Path dir) throws Exception {
    Path faces = dir.resolve("faces");
    String out =
        run(
            0,
            "bench",
            "--what=align",
            "--facesDir=" + faces,
            "--alignFaces=12",
            "--alignIterations=24",
            "--warpIterations=50");
    assertTrue(out.startsWith("machine: "), out);
    Matcher cores = Pattern.compile("machine: (\\d+) cores").matcher(out);
    assertTrue(cores.find() && Integer.parseInt(cores.group(1)) >= 1, out);
    for (String stage :
        List.of(
            "decode + align + PNG (FacePreparer)",
            "  JPEG decode",
            "  PNG encode",
            "warp alone 250x250 -> 112x112 (WarpBenchmark)")) {
      assertTrue(figure(out, stage, 0) > 0, stage);
    }
    // The faces stay for the Python reference: 12 JPEGs listed in landmarks.txt.
    List<String> listed = Files.readAllLines(faces.resolve("landmarks.txt"));
    assertEquals(12, listed.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count());
    assertTrue(
        out.contains(
            "bench/align_reference.py --compare "
                + faces.resolve("landmarks.txt").toAbsolutePath()),
        out);
    // ... and the pipeline's aligned faces beside them, for the reference's --compare
    try (Stream<Path> aligned = Files.walk(faces.resolve("aligned"))) {
      assertEquals(12, aligned.filter(p -> p.toString().endsWith(".png")).count());
    }
    // A second run reuses them rather than writing new ones.
    long before = Files.getLastModifiedTime(faces.resolve("landmarks.txt")).toMillis();
    run(
        0,
        "bench",
        "--what=align",
        "--facesDir=" + faces,
        "--alignIterations=12",
        "--warpIterations=10");
    assertEquals(before, Files.getLastModifiedTime(faces.resolve("landmarks.txt")).toMillis());
  }

  @Test
  void trainAndEvalReportThroughputMemoryAndVerificationTimes() {
    String out =
        run(
            0,
            "bench",
            "--what=all",
            "--alignFaces=4",
            "--alignIterations=4",
            "--warpIterations=4",
            "--presets=tiny",
            "--batchSize=8",
            "--warmupSteps=1",
            "--steps=2",
            "--numClasses=20",
            "--threads=1",
            "--embedPresets=tiny",
            "--embedBatchSize=8",
            "--embedBatches=2",
            "--evalRuns=1");
    assertTrue(out.contains("threads 1"), out);
    assertEquals(8, figure(out, "tiny", 0), 0.0, "batch column of the train table");
    assertTrue(figure(out, "tiny", 3) > 0, "images/s");
    assertTrue(figure(out, "tiny", 4) > 0, "CPU seconds per step");
    assertTrue(figure(out, "tiny", 6) > 0, "peak RSS");
    assertTrue(figure(out, "10-fold verification protocol", 1) > 0);
    assertTrue(figure(out, "ROC (AUC, EER, TAR@FAR)", 1) > 0);
    int embed = out.indexOf("embed: ");
    assertTrue(embed > 0, out);
    assertTrue(figure(out.substring(embed), "tiny", 1) > 0, "faces/s");
  }

  @Test
  void streamReportsBothSourcesTheDecodeScalingAndRefusesASetSmallerThanABatch() {
    String out =
        run(
            0,
            "bench",
            "--what=stream",
            "--streamFaces=150",
            "--shuffleBuffer=20",
            "--batchSize=16",
            "--decodeThreads=2");
    assertTrue(figure(out, "in memory", 2) > 0, out);
    assertTrue(figure(out, "streamed, buffer 20", 2) > 0, out);
    // one row per thread count, 1 up to --decodeThreads: faces/s, per thread, scaling, per CPU-s
    int scaling = out.indexOf("stream decode scaling");
    assertTrue(scaling > 0, out);
    List<String> rows =
        out.substring(scaling).lines().skip(3).takeWhile(l -> !l.isBlank()).toList();
    assertEquals(List.of("1", "2"), rows.stream().map(r -> r.strip().split("\\s+")[0]).toList());
    double one = Double.parseDouble(cells(rows.get(0))[1].replace(",", ""));
    double two = Double.parseDouble(cells(rows.get(1))[1].replace(",", ""));
    assertEquals("100 %", cells(rows.get(0))[3], "one thread is the reference");
    double printed = Double.parseDouble(cells(rows.get(1))[3].replace(" %", ""));
    // rate(2) / (2 rate(1)), from the rounded rates in the table: within a point
    assertEquals(100 * two / (2 * one), printed, 1.0, rows.toString());
    Matcher feed =
        Pattern.compile("to feed 2,000 img/s: (\\d+) decoding cores?, 5,000 img/s: (\\d+)")
            .matcher(out);
    assertTrue(feed.find(), out);
    assertTrue(Integer.parseInt(feed.group(2)) >= Integer.parseInt(feed.group(1)), feed.group());
    // heap figures come from GC'd heap sizes, reported, not asserted (other tests share this JVM)
    assertTrue(out.contains("per 100k faces"), out);
    run(2, "bench", "--what=stream", "--streamFaces=8", "--batchSize=16");
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--streamFaces"), err::toString);
  }

  @Test
  void packReportsTheSourceAgainstTheShardsOfTheSameFaces() {
    String out = run(0, "bench", "--what=pack", "--packFaces=40", "--packRuns=1");
    for (String row :
        new String[] {
          "pack (synthetic jpeg), RecordIoSource",
          "pack (png, as lfs export writes)",
          "avro shards (png, as preprocess writes)"
        }) {
      assertEquals(40, figure(out, row, 0), out);
      assertTrue(figure(out, row, 3) > 0, "decoded/s of " + row);
    }
    run(2, "bench", "--what=pack", "--packDir=/no/such/pack");
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--packDir"), err::toString);
  }

  @Test
  void lossesTrainEveryLossFromTheSameWeightsAndPrintOneRowEach() {
    String out =
        run(
            0,
            "bench",
            "losses",
            "--steps=3",
            "--trainIdentities=3",
            "--heldOutIdentities=5",
            "--imagesPerIdentity=3",
            "--pairsPerFold=2",
            "--batchSize=8",
            "--threads=1",
            "--seed=4");
    int table = out.indexOf("losses: tiny, 3 steps of batch 8 from seed 4");
    assertTrue(table > 0, out);
    List<String> rows = out.substring(table).lines().skip(3).filter(l -> !l.isBlank()).toList();
    assertEquals(
        List.of("softmax", "cosface", "arcface", "modulated"),
        rows.stream().map(r -> r.split("\\s+")[0]).toList(),
        out);
    // the shared starting point: every loss is scored on the same untrained weights
    String untrained = cells(rows.get(0))[2];
    for (String row : rows) {
      String[] c = cells(row);
      assertEquals(untrained, c[2], row);
      double trained = Double.parseDouble(c[3].split(" ")[0]);
      assertTrue(trained >= 0 && trained <= 1, row);
      assertTrue(Double.parseDouble(c[8]) > 0, "train seconds: " + row);
    }
    assertTrue(
        rows.get(3).contains("m_eq 0.333"),
        "modulated at its default a = -e^(s/3): " + rows.get(3));
  }

  /** The cells of a table row: separated by two or more spaces. */
  private static String[] cells(String row) {
    return row.trim().split("\\s{2,}");
  }

  /**
   * {@code bench scale} as a user runs it, small: a preprocess child on a drawn set, then a search
   * round child on that child's output; the tables show both, with the heap a collection left.
   */
  @Test
  void scaleRunsPreprocessAndASearchRoundAsChildProcesses(@TempDir Path cache) throws Exception {
    String out =
        run(
            0,
            "bench",
            "--what=scale",
            "--scaleSizes=200",
            "--scaleSearchCandidates=2",
            "--scaleCache=" + cache,
            "--scalePeerScript="
                + Path.of("..", "bench", "preprocess_reference.py").toAbsolutePath());
    String row = "preprocess-200 ";
    assertEquals(200, figure(out, row, 0), out);
    assertTrue(figure(out, row, 1) > 0, "wall seconds");
    assertTrue(figure(out, row, 5) > 0, "peak RSS");
    // the heap left after a collection, from the child's GC log; a machine with a large default
    // heap may finish 200 faces without collecting, and the table says so
    Path gcLog = cache.resolve("runs/preprocess-200.gc.log");
    if (Files.readString(gcLog).contains("Pause")) {
      assertTrue(figure(out, row, 7) > 0, "heap after GC, from " + gcLog);
    } else {
      assertTrue(cell(out, row, 7).equals("no GC"), out);
    }
    assertTrue(out.contains("preprocess-200: ") && out.contains("exit 0"), out);
    assertTrue(figure(out, "search-2c-200 ", 2) > 0, "the round's seconds from timings.tsv");
    assertTrue(Files.exists(cache.resolve("runs/search-2c-200/timings.tsv")), out);
    assertTrue(Files.exists(cache.resolve("faces-200-jpg/landmarks.txt")), "JPEG sets by default");
    // the peer script runs where Python has OpenCV and scikit-image, and is skipped in one line
    // where it has not (CI)
    if (out.contains("peer script skipped")) {
      assertTrue(out.contains("no Python 3 with OpenCV and scikit-image"), out);
    } else {
      assertTrue(out.contains("lfs preprocess against the peer script"), out);
      assertTrue(
          out.lines().anyMatch(l -> l.startsWith("scale: peer-200 (") && l.endsWith("exit 0")),
          out);
      assertEquals(
          200,
          Files.walk(cache.resolve("runs/peer-200"))
              .filter(f -> f.toString().endsWith(".png"))
              .count(),
          "a PNG per face");
    }
  }

  @Test
  void scaleTaskManagerCountsNeedAClusterAndAscend() {
    run(2, "bench", "--what=scale", "--scaleTaskManagers=1,2");
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("--scaleTaskManagers needs --flinkMaster"),
        err::toString);
    assertEquals(List.of(1, 2), BenchScale.taskManagerCounts("1, 2"));
    assertEquals(List.of(), BenchScale.taskManagerCounts(""));
    for (String bad : List.of("2,1", "0", "x")) {
      UsageException e =
          assertThrows(UsageException.class, () -> BenchScale.taskManagerCounts(bad));
      assertTrue(e.getMessage().startsWith("--scaleTaskManagers: "), e.getMessage());
    }
  }

  @Test
  void unknownLossesAreUsageErrorsBeforeAnyWork() {
    run(2, "bench", "losses", "--losses=cosface,focal");
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("focal"), err::toString);
  }

  @Test
  void unknownTargetsAndPresetsAreUsageErrors() {
    run(2, "bench", "--what=everything");
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("--what must be one of"), err::toString);
    run(2, "bench", "--what=train", "--presets=tiny,resnet99");
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("resnet99"), err::toString);
  }
}
