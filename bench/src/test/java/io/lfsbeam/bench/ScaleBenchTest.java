package io.lfsbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.synth.ImageFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleBenchTest {
  @TempDir Path tmp;

  @Test
  void drawsASetOnceAndReusesIt() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Path first = ScaleBench.cachedFaces(tmp, 20, quiet);
    assertTrue(Files.exists(first.resolve("id_0001/0010.png")));
    assertTrue(Files.exists(first.resolve("landmarks.txt")));
    Path marker = first.resolve("id_0000/0001.png");
    long before = Files.getLastModifiedTime(marker).toMillis();
    assertEquals(first, ScaleBench.cachedFaces(tmp, 20, quiet));
    assertEquals(before, Files.getLastModifiedTime(marker).toMillis(), "not drawn again");
    assertThrows(IllegalArgumentException.class, () -> ScaleBench.cachedFaces(tmp, 25, quiet));
  }

  @Test
  void jpegSetsAreCachedApartFromPngSets() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Path jpg = ScaleBench.cachedFaces(tmp, 20, ImageFormat.JPG, quiet);
    assertEquals(tmp.resolve("faces-20-jpg"), jpg);
    byte[] face = Files.readAllBytes(jpg.resolve("id_0001/0010.jpg"));
    assertEquals(0xff, face[0] & 0xff, "JPEG start-of-image marker");
    assertEquals(0xd8, face[1] & 0xff);
    assertTrue(Files.readString(jpg.resolve("landmarks.txt")).contains("id_0001/0010.jpg"));
  }

  /** The child's CPU and peak RSS include the processes it starts (a Python pool's workers). */
  @Test
  void countsTheCpuOfTheChildsOwnChildren() throws Exception {
    // a shell that waits for two children counting to 300,000 (~0.8 CPU s each here); the
    // parent itself only waits
    String busy = "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done";
    ScaleBench.Result r =
        ScaleBench.run(
            "tree",
            10,
            tmp,
            tmp.resolve("work"),
            (faces, output) -> List.of("bash", "-c", "(" + busy + ") & (" + busy + ") & wait"));
    assertEquals(0, r.exit());
    assertTrue(
        r.cpuSeconds() > 0.5,
        "two busy children must count, not only the waiting parent: " + r.cpuSeconds());
  }

  @Test
  void thePeerTableDividesLfsByThePeer() {
    List<ScaleBench.Result> lfs =
        List.of(new ScaleBench.Result("preprocess-1000", 1000, 30, 60, 800L << 20, -1, 0));
    List<ScaleBench.Result> peer =
        List.of(new ScaleBench.Result("peer-1000", 1000, 20, 40, 200L << 20, -1, 0));
    List<List<String>> rows = ScaleBench.peerTable("t", lfs, peer).rows();
    assertEquals(
        List.of("1,000", "30.0", "20.0", "1.50x", "60.0", "40.0", "1.50x", "800 MB", "200 MB"),
        rows.get(0));
  }

  @Test
  void runsTheChildAndKeepsItsExitAndOutput() throws Exception {
    List<String> java = new ArrayList<>(ScaleBench.javaCommand());
    java.set(java.size() - 1, "no-such-class-path");
    ScaleBench.Result r =
        ScaleBench.run(
            "child",
            10,
            tmp,
            tmp.resolve("work"),
            (faces, output) -> {
              List<String> cmd = new ArrayList<>(java);
              cmd.add("no.such.Main");
              return cmd;
            });
    assertEquals(1, r.exit(), "java exits 1 when the main class is missing");
    assertTrue(r.wallSeconds() > 0);
    assertTrue(
        Files.readString(tmp.resolve("work/child.log")).contains("no.such.Main"),
        "the child's output is kept in <work>/<label>.log");
  }

  @Test
  void theTableComparesEveryRunWithTheFirst() {
    List<ScaleBench.Result> rs =
        List.of(
            new ScaleBench.Result("a", 1000, 10, 15, 1000L << 20, 80L << 20, 0),
            new ScaleBench.Result("b", 10_000, 50, 90, 1500L << 20, -1, 0));
    List<List<String>> rows = ScaleBench.table("t", rs).rows();
    assertEquals("1.00x", rows.get(0).get(5));
    assertEquals("2.00x", rows.get(1).get(5), "200 vs 100 faces/s");
    assertEquals("1.50x", rows.get(1).get(7), "peak RSS");
    assertEquals("80 MB", rows.get(0).get(8), "heap after GC");
    assertEquals("n/a", rows.get(1).get(8), "no GC log");
  }

  /** The largest heap after a collection, from the unified GC log lines a child writes. */
  @Test
  void readsTheLargestHeapAfterACollectionFromAGcLog() throws Exception {
    Path log = tmp.resolve("run.gc.log");
    Files.writeString(
        log,
        String.join(
            "\n",
            "[0.339s][info][gc] Using G1",
            "[1.007s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 42M->18M(620M)"
                + " 3.1ms",
            "[5.916s][info][gc] GC(2) Pause Remark 26M->26M(120M) 10.691ms",
            "[9.000s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 472M->61M(708M)"
                + " 11.7ms",
            "[9.100s][info][gc] GC(3) Concurrent Mark Cycle 39.262ms"));
    assertEquals(61L << 20, ScaleBench.heapAfterGc(log));
    assertEquals(-1, ScaleBench.heapAfterGc(tmp.resolve("none.gc.log")));
    assertTrue(ScaleBench.gcLogOption(tmp, "run").startsWith("-Xlog:gc:file="));
    assertTrue(ScaleBench.gcLogOption(tmp, "run").endsWith("run.gc.log"));
  }
}
